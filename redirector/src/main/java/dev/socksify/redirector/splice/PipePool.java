package dev.socksify.redirector.splice;

import java.io.IOException;

/**
 * Empty default-size pipes that one loop keeps for its flows' next short exchanges. A request and its answer move
 * through a pipe each way; making and closing that pipe costs three system calls, more than the two splices that
 * use it, so a loop that relays many short flows reuses pipes instead. Bounded: past {@code capacity} a returned
 * pipe is closed, so idle flows still hold only their sockets. Touched only by its loop's thread.
 */
final class PipePool {
  private final int[] reads;
  private final int[] writes;
  private int size;

  PipePool(int capacity) {
    reads = new int[capacity];
    writes = new int[capacity];
  }

  /** A new pipe, not from the pool (for threads other than the loop's), as {@link #pack}ed descriptors. */
  static long open() throws IOException {
    int[] fds = new int[2];
    if (Syscalls.pipe2(fds, Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC) < 0) {
      throw new IOException("pipe2 failed: " + Errno.describe(Syscalls.errno()));
    }
    return pack(fds[0], fds[1]);
  }

  /** An empty pipe, a kept one if there is one, as {@link #pack}ed descriptors. */
  long take() throws IOException {
    if (size == 0) {
      return open();
    }
    size--;
    return pack(reads[size], writes[size]);
  }

  /** Keeps an empty pipe of the default size for the next {@link #take}, or closes it when the pool is full. */
  void give(int read, int write) {
    if (size == reads.length) {
      Syscalls.close(read);
      Syscalls.close(write);
      return;
    }
    reads[size] = read;
    writes[size] = write;
    size++;
  }

  /** Both descriptors in one long, so a direction needs no array to receive them. */
  static long pack(int read, int write) {
    return ((long) read << 32) | (write & 0xffffffffL);
  }

  static int read(long pipe) {
    return (int) (pipe >>> 32);
  }

  static int write(long pipe) {
    return (int) pipe;
  }
}
