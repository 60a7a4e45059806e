package dev.socksify.redirector.splice;

import java.io.IOException;

/**
 * One direction of a flow: socket {@code src} -> pipe -> socket {@code dst}, both with splice(2), so the bytes
 * stay in the kernel. The pipe is the only buffer: it is filled only when empty and drained before reading
 * again, so a slow reader stops the reading side once one pipe's worth is waiting (backpressure, bounded
 * memory). When {@code src} reaches EOF and the pipe is empty, {@code dst}'s output is shut down (the FIN goes
 * on) while the other direction keeps running.
 */
final class SpliceDirection {
  /** Asked for with F_SETPIPE_SZ; the kernel default (64 KiB) stays if refused. */
  static final int PIPE_SIZE = 1 << 20;

  private final int src;
  private final int dst;
  private int pipeRead = -1;
  private int pipeWrite = -1;
  private int capacity;
  private long inPipe;
  private boolean srcEof;
  private boolean finished;
  private long moved;

  SpliceDirection(int src, int dst) {
    this.src = src;
    this.dst = dst;
  }

  /**
   * Moves what can be moved now, until both sockets say EAGAIN or this direction is finished.
   *
   * @throws IOException on a socket error (reset, broken pipe): the flow must be torn down
   */
  void pump() throws IOException {
    while (!finished) {
      while (inPipe > 0) {
        long n = Syscalls.splice(pipeRead, null, dst, null, inPipe, Syscalls.SPLICE_F_MOVE | Syscalls.SPLICE_F_NONBLOCK);
        if (n > 0) {
          inPipe -= n;
          moved += n;
        } else if (!retryable(n, "splice to the peer")) {
          return;
        }
      }
      if (srcEof) {
        if (Syscalls.shutdown(dst, Syscalls.SHUT_WR) < 0 && Syscalls.errno() != 107) {
          // ENOTCONN (107): the peer is already gone; the close that follows says the rest
          throw error("shutdown", Syscalls.errno());
        }
        finished = true;
        return;
      }
      openPipe();
      long n = Syscalls.splice(src, null, pipeWrite, null, capacity, Syscalls.SPLICE_F_MOVE | Syscalls.SPLICE_F_NONBLOCK);
      if (n > 0) {
        inPipe = n;
      } else if (n == 0) {
        srcEof = true;
      } else if (!retryable(n, "splice from the peer")) {
        return;
      }
    }
  }

  /** Queues bytes that arrived before the engine took over; they go out before anything spliced. */
  void preload(com.sun.jna.Pointer bytes, long length) throws IOException {
    openPipe();
    long done = 0;
    while (done < length) {
      long n = Syscalls.write(pipeWrite, bytes.share(done), length - done);
      if (n <= 0) {
        throw error("write to pipe", Syscalls.errno());
      }
      done += n;
    }
    inPipe += length;
  }

  /** False on EAGAIN (wait for the next edge); true on EINTR (try again); throws otherwise. */
  private static boolean retryable(long result, String what) throws IOException {
    int errno = Syscalls.errno();
    if (errno == Syscalls.EAGAIN) {
      return false;
    }
    if (errno == Syscalls.EINTR) {
      return true;
    }
    throw error(what, errno);
  }

  private void openPipe() throws IOException {
    if (pipeRead >= 0) {
      return;
    }
    int[] fds = new int[2];
    if (Syscalls.pipe2(fds, Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC) < 0) {
      throw error("pipe2", Syscalls.errno());
    }
    pipeRead = fds[0];
    pipeWrite = fds[1];
    int size = Syscalls.fcntl(pipeWrite, Syscalls.F_SETPIPE_SZ, PIPE_SIZE);
    capacity = size > 0 ? size : 1 << 16;
  }

  private static IOException error(String what, int errno) {
    return new IOException(what + " failed: " + Errno.describe(errno));
  }

  boolean finished() {
    return finished;
  }

  long moved() {
    return moved;
  }

  /** Closes the pipe (the sockets belong to the flow). */
  void release() {
    if (pipeRead >= 0) {
      Syscalls.close(pipeRead);
      Syscalls.close(pipeWrite);
      pipeRead = -1;
      pipeWrite = -1;
    }
  }
}
