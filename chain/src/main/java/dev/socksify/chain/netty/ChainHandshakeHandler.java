package dev.socksify.chain.netty;

import dev.socksify.chain.ChainException;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.connect.Handshakes;
import dev.socksify.chain.connect.HopFailures;
import dev.socksify.chain.connect.Route;
import dev.socksify.chain.protocol.ClientHandshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Drives one attempt's handshakes on the channel to hop 1, hop after hop, and owns what they share once:
 * buffering, the per-hop read timeout, failure (close the channel, fail the promise once). On success it puts
 * the tunnel handler in its place, removes itself, and hands on what it was holding: {@code channelActive}
 * (held back until the tunnel is up, so the tunnel handler sees the tunnel open as a direct connection would
 * open) and any bytes that arrived behind the last reply.
 *
 * <p>By the time the future completes, the tunnel handler has seen {@code channelActive} and the surplus bytes.
 *
 * <p>Like Netty's {@code ProxyHandler}, the protocols only fill in the bytes: each hop's {@link ClientHandshake}
 * gets whatever has arrived, consumes its reply and leaves the rest in the buffer.
 */
final class ChainHandshakeHandler extends ChannelInboundHandlerAdapter {
  private final Route route;
  private final Handshakes handshakes;
  private final ChannelHandler tunnelHandler;
  private final Promise<NettyTunnel> result;

  private int step;
  private ClientHandshake handshake;
  private ByteBuf buffer = Unpooled.EMPTY_BUFFER;
  private ScheduledFuture<?> timeout;
  private InetSocketAddress bound;
  private boolean finished;

  ChainHandshakeHandler(
      Route route, Handshakes handshakes, ChannelHandler tunnelHandler, Promise<NettyTunnel> result) {
    this.route = route;
    this.handshakes = handshakes;
    this.tunnelHandler = tunnelHandler;
    this.result = result;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    // not passed on: the tunnel handler gets channelActive once the tunnel is up
    startStep(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (finished) {
      ctx.fireChannelRead(msg);
      return;
    }
    ByteBuf in = (ByteBuf) msg;
    try {
      if (buffer.isReadable()) {
        ByteBuf merged = ctx.alloc().heapBuffer(buffer.readableBytes() + in.readableBytes());
        merged.writeBytes(buffer).writeBytes(in);
        buffer.release();
        buffer = merged;
      } else {
        buffer.release();
        buffer = ctx.alloc().heapBuffer(in.readableBytes()).writeBytes(in);
      }
    } finally {
      in.release();
    }
    drive(ctx);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (finished) {
      ctx.fireChannelReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!finished) {
      fail(ctx, HopUnreachableException.eof(current()));
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (finished) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    fail(ctx, HopFailures.lost(current(), cause));
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelTimeout();
    if (!finished) {
      // the channel was closed or the handler taken out from elsewhere before the tunnel was up
      finished = true;
      buffer.release();
      buffer = Unpooled.EMPTY_BUFFER;
      result.tryFailure(HopUnreachableException.eof(current()));
    }
  }

  private HopContext current() {
    return route.steps().get(step);
  }

  private void startStep(ChannelHandlerContext ctx) {
    HopContext context = current();
    try {
      handshake = handshakes.open(context, step == route.steps().size() - 1);
      send(ctx, handshake.start());
    } catch (Exception e) {
      // a ChainException when the protocol cannot carry this request, anything else is a bug; either ends it
      failWith(ctx, e);
      return;
    }
    armTimeout(ctx);
    // a broken proxy may already have sent bytes behind the previous reply; they belong to this hop's reply
    drive(ctx);
  }

  /** Feeds buffered bytes to the current handshake until it needs more, finishing steps as they complete. */
  private void drive(ChannelHandlerContext ctx) {
    try {
      while (!finished && buffer.isReadable()) {
        ByteBuffer view = buffer.nioBuffer(buffer.readerIndex(), buffer.readableBytes());
        int before = view.position();
        ByteBuffer answer = handshake.receive(view);
        int consumed = view.position() - before;
        buffer.skipBytes(consumed);
        send(ctx, answer);
        if (handshake.isDone()) {
          bound = handshake.boundAddress();
          if (++step == route.steps().size()) {
            succeed(ctx);
            return;
          }
          startStep(ctx);
          return;
        }
        if (consumed == 0) {
          break;
        }
        armTimeout(ctx);
      }
    } catch (ChainException | RuntimeException e) {
      failWith(ctx, e);
      return;
    }
    if (!finished && !ctx.channel().config().isAutoRead()) {
      ctx.read();
    }
  }

  private void send(ChannelHandlerContext ctx, ByteBuffer bytes) {
    if (!bytes.hasRemaining()) {
      return;
    }
    HopContext context = current();
    ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                fail(ctx, HopFailures.lost(context, f.cause()));
              }
            });
  }

  private void succeed(ChannelHandlerContext ctx) {
    finished = true;
    cancelTimeout();
    ByteBuf surplus = buffer;
    buffer = Unpooled.EMPTY_BUFFER;
    try {
      ctx.pipeline().addAfter(ctx.name(), null, tunnelHandler);
      ctx.pipeline().remove(this);
    } catch (RuntimeException e) {
      surplus.release();
      ctx.close();
      result.tryFailure(e);
      return;
    }
    // the context stays linked to its successor after removal, as ByteToMessageDecoder relies on too
    ctx.fireChannelActive();
    if (surplus.isReadable()) {
      ctx.fireChannelRead(surplus);
      ctx.fireChannelReadComplete();
    } else {
      surplus.release();
    }
    result.trySuccess(new NettyTunnel(ctx.channel(), route.hops(), bound));
  }

  private void fail(ChannelHandlerContext ctx, ChainException failure) {
    failWith(ctx, failure);
  }

  private void failWith(ChannelHandlerContext ctx, Throwable failure) {
    if (finished) {
      return;
    }
    finished = true;
    cancelTimeout();
    buffer.release();
    buffer = Unpooled.EMPTY_BUFFER;
    result.tryFailure(failure);
    ctx.close();
  }

  private void armTimeout(ChannelHandlerContext ctx) {
    cancelTimeout();
    HopContext context = current();
    long millis = context.hop().timeouts().read().toMillis();
    timeout =
        ctx.executor()
            .schedule(
                () -> fail(ctx, HopUnreachableException.timeout(context, millis)), millis, TimeUnit.MILLISECONDS);
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }
}
