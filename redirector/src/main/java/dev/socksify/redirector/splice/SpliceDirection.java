package dev.socksify.redirector.splice;

import com.sun.jna.Pointer;
import java.io.IOException;

/**
 * One direction of a flow: socket {@code src} -> pipe -> socket {@code dst}, both with splice(2), so the bytes
 * stay in the kernel. The pipe is the only buffer: it is filled only when empty and drained before reading
 * again, so a slow reader stops the reading side once one pipe's worth is waiting (backpressure, bounded
 * memory). When {@code src} reaches EOF and the pipe is empty, {@code dst}'s output is shut down (the FIN goes
 * on) while the other direction keeps running.
 *
 * <p>Pipes cost two descriptors and kernel pages, so an idle flow holds none: the pipe is made when {@code src}
 * has data, at the kernel's default size, and closed again as soon as it is drained, unless a read has filled it
 * once: then it is grown to {@link #BULK_PIPE_SIZE} (a bulk transfer moves a megabyte per pair of splices; short
 * exchanges skip the resize, which costs more than they do) and kept until the loop's sweep finds it idle.
 */
final class SpliceDirection {
  /** Asked for with F_SETPIPE_SZ once a direction proves to be bulk; the kernel may refuse (per-user limits). */
  static final int BULK_PIPE_SIZE = 1 << 20;
  private static final int DEFAULT_PIPE_SIZE = 1 << 16;

  private final int src;
  private final int dst;
  private final PipePool pool;
  private boolean srcReadable;
  private boolean dstWritable = true;
  private int pipeRead = -1;
  private int pipeWrite = -1;
  private int capacity;
  private boolean grown;
  private long inPipe;
  private long emptySince;
  private boolean srcEof;
  private boolean finished;
  private long moved;

  /** @param pool the loop's pipes; this direction's pumping and releasing run on that loop's thread */
  SpliceDirection(int src, int dst, PipePool pool) {
    this.src = src;
    this.dst = dst;
    this.pool = pool;
  }

  /** epoll said {@code src} may be read (data, FIN or an error). */
  void srcReady() {
    srcReadable = true;
  }

  /** epoll said {@code dst} may be written again. */
  void dstReady() {
    dstWritable = true;
  }

  /**
   * Moves what can be moved now, until a socket would block or this direction is finished.
   *
   * @param now the loop's clock, for the idle-pipe sweep
   * @throws IOException on a socket error (reset, broken pipe): the flow must be torn down
   */
  void pump(long now) throws IOException {
    while (!finished) {
      while (inPipe > 0) {
        if (!dstWritable) {
          return;
        }
        long n = Syscalls.splice(pipeRead, null, dst, null, inPipe, Syscalls.SPLICE_F_MOVE | Syscalls.SPLICE_F_NONBLOCK);
        if (n > 0) {
          inPipe -= n;
          moved += n;
          if (inPipe == 0) {
            emptySince = now;
            if (!grown) {
              // a short exchange: back to the loop's pool rather than two descriptors held per flow
              release();
            }
          }
        } else if (wouldBlock(n, "splice to the peer")) {
          dstWritable = false;
          return;
        }
      }
      if (srcEof) {
        // ENOTCONN (107): the peer is already gone; the close that follows says the rest
        if (Syscalls.shutdown(dst, Syscalls.SHUT_WR) < 0 && Syscalls.errno() != 107) {
          throw error("shutdown", Syscalls.errno());
        }
        finished = true;
        return;
      }
      if (!srcReadable) {
        return;
      }
      openPipe();
      long n = Syscalls.splice(src, null, pipeWrite, null, capacity, Syscalls.SPLICE_F_MOVE | Syscalls.SPLICE_F_NONBLOCK);
      if (n > 0) {
        inPipe = n;
        if (n == capacity && !grown) {
          grow();
        }
      } else if (n == 0) {
        srcEof = true;
      } else if (wouldBlock(n, "splice from the peer")) {
        srcReadable = false;
        return;
      }
    }
  }

  /**
   * Queues bytes that arrived before the engine took over; they go out before anything spliced. Runs before the
   * flow joins its loop, on another thread, so the pipe is a new one, not the pool's.
   */
  void preload(Pointer bytes, long length) throws IOException {
    if (pipeRead < 0) {
      use(PipePool.open());
    }
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

  /** True on EAGAIN (wait for the next edge), false on EINTR (try again); throws on anything else. */
  private static boolean wouldBlock(long result, String what) throws IOException {
    int errno = Syscalls.errno();
    if (errno == Syscalls.EAGAIN) {
      return true;
    }
    if (errno == Syscalls.EINTR) {
      return false;
    }
    throw error(what, errno);
  }

  private void openPipe() throws IOException {
    if (pipeRead < 0) {
      use(pool.take());
    }
  }

  private void use(long pipe) {
    pipeRead = PipePool.read(pipe);
    pipeWrite = PipePool.write(pipe);
    capacity = DEFAULT_PIPE_SIZE;
    grown = false;
  }

  /** Only ever called with less data in the pipe than the new size, which F_SETPIPE_SZ then keeps. */
  private void grow() {
    grown = true;
    int size = Syscalls.fcntl(pipeWrite, Syscalls.F_SETPIPE_SZ, BULK_PIPE_SIZE);
    if (size > capacity) {
      capacity = size;
    }
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

  /** Whether it holds a pipe that has been empty since before {@code cutoff}. */
  boolean idlePipe(long cutoff) {
    return pipeRead >= 0 && inPipe == 0 && emptySince < cutoff;
  }

  /**
   * Lets go of the pipe (the sockets belong to the flow): an empty default-size one goes back to the loop's pool, any
   * other is closed. The next data takes a pipe again.
   */
  void release() {
    if (pipeRead < 0) {
      return;
    }
    if (inPipe == 0 && !grown) {
      pool.give(pipeRead, pipeWrite);
    } else {
      Syscalls.close(pipeRead);
      Syscalls.close(pipeWrite);
    }
    pipeRead = -1;
    pipeWrite = -1;
    inPipe = 0;
  }

  /** Closes the pipe, from a thread other than the loop's (a flow that never joined it). */
  void discard() {
    if (pipeRead >= 0) {
      Syscalls.close(pipeRead);
      Syscalls.close(pipeWrite);
      pipeRead = -1;
      pipeWrite = -1;
      inPipe = 0;
    }
  }
}
