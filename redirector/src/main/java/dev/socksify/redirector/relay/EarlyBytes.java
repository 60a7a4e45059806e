package dev.socksify.redirector.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The tunnel handler given to the chain connector: it keeps the destination bytes that came in behind the last
 * hop's reply until the relay takes over (auto-read is off, so nothing else arrives meanwhile).
 */
final class EarlyBytes extends ChannelInboundHandlerAdapter {
  private CompositeByteBuf held;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (held == null) {
      held = ctx.alloc().compositeBuffer();
    }
    held.addComponent(true, buf);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    // the tunnel is up; the relay, not the pipeline, decides what happens next
  }

  /** The bytes held so far (possibly none); the caller owns them. */
  ByteBuf take() {
    ByteBuf out = held == null ? Unpooled.EMPTY_BUFFER : held;
    held = null;
    return out;
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    // take() hands the bytes on before removal; anything still here belongs to a flow that failed
    if (held != null) {
      held.release();
      held = null;
    }
  }
}
