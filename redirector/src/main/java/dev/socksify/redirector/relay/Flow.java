package dev.socksify.redirector.relay;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;

/**
 * One connection pair that Netty relays with buffer copies ({@code --no-splice}), and how far it has ended. Half-close is carried across: when one side stops
 * sending (FIN), the other side's output is shut down once everything before the FIN is written, and the flow
 * closes when both directions have ended. A reset or error on one side resets the other. Runs on the flow's
 * event loop only (both channels share it).
 */
final class Flow {
  private final FlowInfo info;
  private final Channel client;
  private final Channel upstream;
  private int directionsDone;
  private boolean over;

  Flow(FlowInfo info, Channel client, Channel upstream) {
    this.info = info;
    this.client = client;
    this.upstream = upstream;
  }

  Channel peer(Channel side) {
    return side == client ? upstream : client;
  }

  /** {@code from} will send nothing more: pass the FIN on after what is still queued towards the peer. */
  void inputEnded(Channel from) {
    if (over) {
      return;
    }
    Channel to = peer(from);
    to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) flushed -> {
      if (!flushed.isSuccess()) {
        abort(to, flushed.cause());
        return;
      }
      ((DuplexChannel) to).shutdownOutput().addListener((ChannelFutureListener) shut -> {
        if (!shut.isSuccess()) {
          abort(to, shut.cause());
        } else if (++directionsDone == 2) {
          end("closed by both sides");
        }
      });
    });
  }

  /** {@code side} was closed (or reset) by its peer: the other side gets whatever is queued, then a close. */
  void closed(Channel side) {
    if (over) {
      return;
    }
    over = true;
    Channel other = peer(side);
    other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    info.finished((side == client ? "client" : "destination") + " closed");
  }

  /** An I/O error on {@code side}: reset both, so neither end mistakes a broken flow for a complete one. */
  void abort(Channel side, Throwable cause) {
    if (over) {
      return;
    }
    over = true;
    Resets.reset(peer(side));
    Resets.reset(side);
    info.finished("reset after " + (side == client ? "client" : "destination") + " error: " + cause.getMessage());
  }

  private void end(String how) {
    over = true;
    client.close();
    upstream.close();
    info.finished(how);
  }

  boolean isOver() {
    return over;
  }
}
