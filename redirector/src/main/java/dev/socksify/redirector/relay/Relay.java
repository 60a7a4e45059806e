package dev.socksify.redirector.relay;

import dev.socksify.redirector.Log;
import dev.socksify.redirector.splice.SpliceEngine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import java.io.IOException;

/**
 * Joins a client connection and its tunnel: the splice engine takes both sockets over when it can (the usual
 * case), Netty relays with buffer copies otherwise ({@code --no-splice}, or the engine refused).
 */
final class Relay {
  private Relay() {}

  static void start(FlowInfo info, Channel client, Tunnel tunnel, ClientStart start, SpliceEngine engine,
      FlowSlot slot) {
    Channel upstream = tunnel.channel();
    if (engine != null && client instanceof AbstractEpollStreamChannel c
        && upstream instanceof AbstractEpollStreamChannel u) {
      try {
        // a flow's end is only logged when verbose; otherwise the engine keeps no addresses per flow
        SpliceEngine.FlowEnd end = Log.isVerbose()
            ? how -> {
              slot.release();
              info.finished(how);
            }
            : how -> slot.release();
        // the client's FIN, if it came already, needs no passing on: the socket reads EOF in the engine too
        engine.relay(c.fd().intValue(), u.fd().intValue(), tunnel.early().nioBuffer(), start.early().nioBuffer(),
            end);
        tunnel.early().release();
        start.early().release();
        slot.handOff();
        info.opened("relaying (splice)");
        // the engine holds its own descriptors; closing Netty's drops only Netty's references
        client.close();
        upstream.close();
        return;
      } catch (IOException e) {
        info.opened("splice engine refused the flow (" + e.getMessage() + "), relaying with copies");
      }
    }
    try {
      EpollQuirks.keepRegistered(client);
    } catch (RuntimeException e) {
      // the client's registration is already broken (see EpollQuirks): give up on this flow cleanly
      info.failed("cannot relay with copies: " + e.getMessage());
      Resets.reset(client);
      Resets.reset(upstream);
      tunnel.early().release();
      start.early().release();
      return;
    }
    Flow flow = new Flow(info, client, upstream);
    sendFirst(client, tunnel.early());
    sendFirst(upstream, start.early());
    CopyRelay.start(flow, client, upstream);
    if (start.ended()) {
      // the input-shutdown event went to the flow handler, before the relay's
      flow.inputEnded(client);
    }
    info.opened("relaying (copy)");
  }

  private static void sendFirst(Channel to, ByteBuf bytes) {
    if (bytes.isReadable()) {
      to.writeAndFlush(bytes, to.voidPromise());
    } else {
      bytes.release();
    }
  }
}
