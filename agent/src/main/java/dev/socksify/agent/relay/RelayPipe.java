package dev.socksify.agent.relay;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;

/**
 * Copies what one side of a relayed connection reads to the other side, with bounded buffering: when the other
 * side's outbound buffer passes its high water mark this side stops reading until it drains. End of input is
 * passed on as a half-close, so a request/response protocol that closes its sending side still gets its answer;
 * the connection closes once neither side has anything left to send.
 */
final class RelayPipe extends ChannelInboundHandlerAdapter {
  private final Channel peer;

  RelayPipe(Channel peer) {
    this.peer = peer;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    peer.write(msg, peer.voidPromise());
    if (!peer.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // this side drained: the peer may read (and so fill this side) again
    if (ctx.channel().isWritable()) {
      peer.config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent) {
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> shutdownOutput(peer));
      if (((DuplexChannel) ctx.channel()).isOutputShutdown()) {
        ctx.close();
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (peer.isActive()) {
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // a reset or broken pipe on one side ends the connection on both, as a direct one would end
    ctx.close();
  }

  private static void shutdownOutput(Channel channel) {
    DuplexChannel duplex = (DuplexChannel) channel;
    if (duplex.isInputShutdown()) {
      channel.close();
    } else {
      duplex.shutdownOutput();
    }
  }
}
