package dev.socksify.redirector.relay;

import io.netty.channel.Channel;

/** Joins a client connection and its tunnel: splice where Netty allows it, buffers otherwise. */
final class Relay {
  private Relay() {}

  static void start(FlowInfo info, Channel client, Tunnel tunnel, boolean spliceAllowed) {
    Channel upstream = tunnel.channel();
    boolean splice = spliceAllowed && SpliceRelay.possible(client, upstream);
    Flow flow = new Flow(info, client, upstream, splice ? "splice" : "copy");
    if (tunnel.early().isReadable()) {
      // queued before any spliced bytes, so the order on the wire is kept
      client.writeAndFlush(tunnel.early(), client.voidPromise());
    } else {
      tunnel.early().release();
    }
    if (splice) {
      SpliceRelay.start(flow, client, upstream);
    } else {
      CopyRelay.start(flow, client, upstream);
    }
    info.opened("relaying (" + flow.mode() + ")");
  }
}
