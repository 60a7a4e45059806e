package dev.socksify.redirector.relay;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;

/** How a flow reaches its destination: directly, through a chain, or not at all (a block rule). */
public interface Upstream {
  /**
   * Opens a tunnel to {@code destination} on {@code loop} (the client channel's loop: the flow's setup then
   * never crosses threads).
   * A failed future carries an exception whose message is the reason logged for the flow.
   */
  Future<Tunnel> open(EventLoop loop, InetSocketAddress destination);

  /** What log lines put after "via": {@code direct}, the chain's hops, or the blocking rule. */
  String via();
}
