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

  SpliceFlow(int client, int upstream, SpliceEngine.FlowEnd end) {
    this.client = client;
    this.upstream = upstream;
    this.toUpstream = new SpliceDirection(client, upstream);
    this.toClient = new SpliceDirection(upstream, client);
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

  /** Any readiness on either socket: move what can move both ways (edge-triggered, so until EAGAIN). */
  void ready(SpliceLoop loop) {
    if (closed) {
      return;
    }
    try {
      toUpstream.pump();
      toClient.pump();
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
