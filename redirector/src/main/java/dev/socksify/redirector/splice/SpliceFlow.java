package dev.socksify.redirector.splice;

import java.io.IOException;

/**
 * A relayed connection pair owned by the engine: both sockets (the engine's own duplicates of Netty's) and one
 * {@link SpliceDirection} each way. Touched only by its loop's thread.
 */
final class SpliceFlow {
  private final int client;
  private final int upstream;
  private final SpliceDirection toUpstream;
  private final SpliceDirection toClient;
  private final SpliceEngine.FlowEnd end;
  private boolean closed;

  SpliceFlow(int client, int upstream, PipePool pool, SpliceEngine.FlowEnd end) {
    this.client = client;
    this.upstream = upstream;
    this.toUpstream = new SpliceDirection(client, upstream, pool);
    this.toClient = new SpliceDirection(upstream, client, pool);
    this.end = end;
  }

  int client() {
    return client;
  }

  int upstream() {
    return upstream;
  }

  SpliceDirection toClient() {
    return toClient;
  }

  SpliceDirection toUpstream() {
    return toUpstream;
  }

  /** Closes pipes that sat empty since before {@code cutoff}, so idle flows hold only their two sockets. */
  void releaseIdlePipes(long cutoff) {
    if (toUpstream.idlePipe(cutoff)) {
      toUpstream.release();
    }
    if (toClient.idlePipe(cutoff)) {
      toClient.release();
    }
  }

  /**
   * Readiness of one of the sockets ({@code events} from epoll): note it on the directions it concerns, then
   * move what can move both ways (edge-triggered, so until a socket would block).
   */
  void ready(SpliceLoop loop, int fd, int events, long now) {
    if (closed) {
      return;
    }
    boolean readable = (events & (Syscalls.EPOLLIN | Syscalls.EPOLLRDHUP | Syscalls.EPOLLHUP | Syscalls.EPOLLERR)) != 0;
    boolean writable = (events & (Syscalls.EPOLLOUT | Syscalls.EPOLLHUP | Syscalls.EPOLLERR)) != 0;
    SpliceDirection from = fd == client ? toUpstream : toClient;
    SpliceDirection to = fd == client ? toClient : toUpstream;
    if (readable) {
      from.srcReady();
    }
    if (writable) {
      to.dstReady();
    }
    try {
      toUpstream.pump(now);
      toClient.pump(now);
    } catch (IOException e) {
      abort(loop, e.getMessage());
      return;
    }
    if (toUpstream.finished() && toClient.finished()) {
      close(loop, false);
      end.ended("closed by both sides (" + toUpstream.moved() + " bytes up, " + toClient.moved() + " down)");
    }
  }

  /** Resets both sockets (SO_LINGER 0): neither end may take a broken flow for a complete one. */
  void abort(SpliceLoop loop, String why) {
    if (closed) {
      return;
    }
    close(loop, true);
    end.ended("reset: " + why);
  }

  private void close(SpliceLoop loop, boolean reset) {
    closed = true;
    loop.forget(this);
    if (reset) {
      int[] linger = {1, 0};
      Syscalls.setsockopt(client, Syscalls.SOL_SOCKET, Syscalls.SO_LINGER, linger, 8);
      Syscalls.setsockopt(upstream, Syscalls.SOL_SOCKET, Syscalls.SO_LINGER, linger, 8);
    }
    toUpstream.release();
    toClient.release();
    // the last references to both sockets: closing them also takes them out of the epoll set
    Syscalls.close(client);
    Syscalls.close(upstream);
  }
}
