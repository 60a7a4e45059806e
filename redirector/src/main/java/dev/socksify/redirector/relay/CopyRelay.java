package dev.socksify.redirector.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Relays through buffers, for {@code --no-splice} (or a flow the splice engine could not take). Backpressure: when the peer's outbound buffer passes its
 * high-water mark, this side stops reading until the peer drains below the low mark, so a slow reader holds at
 * most one high-water mark of memory per direction.
 */
final class CopyRelay extends ChannelInboundHandlerAdapter {
  private final Flow flow;

  private CopyRelay(Flow flow) {
    this.flow = flow;
  }

  static void start(Flow flow, Channel client, Channel upstream) {
    client.pipeline().addLast("relay", new CopyRelay(flow));
    upstream.pipeline().addLast("relay", new CopyRelay(flow));
    client.config().setAutoRead(true);
    upstream.config().setAutoRead(true);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Channel peer = flow.peer(ctx.channel());
    if (flow.isOver() || !peer.isActive()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    // a failed write surfaces as exceptionCaught on the peer, whose relay handler aborts the flow
    peer.write(msg, peer.voidPromise());
    if (!peer.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    flow.peer(ctx.channel()).flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Channel peer = flow.peer(ctx.channel());
    if (ctx.channel().isWritable() && !flow.isOver() && peer.isActive()) {
      peer.config().setAutoRead(true);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      flow.inputEnded(ctx.channel());
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    flow.closed(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    flow.abort(ctx.channel(), cause);
  }
}
