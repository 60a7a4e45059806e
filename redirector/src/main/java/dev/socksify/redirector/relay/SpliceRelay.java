package dev.socksify.redirector.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * Zero-copy relay: each direction is {@code splice(2)}d socket -> pipe -> socket by Netty's epoll transport, so
 * the bytes never enter the JVM. Backpressure is the pipe's: Netty stops reading a side while its spliced bytes
 * wait for the other side to become writable. The handler only sees what is left: FIN, errors, close.
 */
final class SpliceRelay extends ChannelInboundHandlerAdapter {
  private static final int TAIL_CHUNK = 64 * 1024;

  private final Flow flow;

  private SpliceRelay(Flow flow) {
    this.flow = flow;
  }

  /**
   * Whether Netty can splice between the two: both epoll stream channels on the same event loop (Netty's
   * precondition for {@code spliceTo}; 4.2 is always level-triggered, the other one).
   */
  static boolean possible(Channel a, Channel b) {
    return a instanceof AbstractEpollStreamChannel
        && b instanceof AbstractEpollStreamChannel
        && a.eventLoop() == b.eventLoop();
  }

  static void start(Flow flow, Channel client, Channel upstream) {
    AbstractEpollStreamChannel a = (AbstractEpollStreamChannel) client;
    AbstractEpollStreamChannel b = (AbstractEpollStreamChannel) upstream;
    a.pipeline().addLast("relay", new SpliceRelay(flow));
    b.pipeline().addLast("relay", new SpliceRelay(flow));
    splice(flow, a, b);
    splice(flow, b, a);
    a.config().setAutoRead(true);
    b.config().setAutoRead(true);
  }

  private static void splice(Flow flow, AbstractEpollStreamChannel from, AbstractEpollStreamChannel to) {
    // Integer.MAX_VALUE: splice until the channel closes; the future only ever completes by failing
    ChannelFuture spliced = from.spliceTo(to, Integer.MAX_VALUE);
    spliced.addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess() && from.isOpen() && to.isOpen()) {
        flow.abort(from, f.cause());
      }
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // only reached if Netty read instead of splicing; keep the bytes flowing rather than drop them
    Channel peer = flow.peer(ctx.channel());
    if (flow.isOver() || !peer.isActive()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    peer.writeAndFlush(msg, peer.voidPromise());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      AbstractEpollStreamChannel from = (AbstractEpollStreamChannel) ctx.channel();
      if (!drainTail(from, flow.peer(from))) {
        return;
      }
      flow.inputEnded(from);
    }
    ReferenceCountUtil.release(evt);
  }

  /**
   * Netty's splice path reports the end of input as soon as the peer's FIN is seen (EPOLLRDHUP), while up to a
   * receive buffer of data may still wait in the socket; passing the FIN on then would cut the stream short.
   * So the rest is read here (after SHUT_RD the kernel still hands out what was queued before the FIN) and
   * queued behind the spliced bytes. At most one receive buffer, once per direction.
   *
   * @return false if the flow was aborted
   */
  private boolean drainTail(AbstractEpollStreamChannel from, Channel to) {
    FileDescriptor fd = from.fd();
    while (true) {
      ByteBuf buf = from.alloc().directBuffer(TAIL_CHUNK);
      int n;
      try {
        n = fd.read(buf.internalNioBuffer(0, TAIL_CHUNK), 0, TAIL_CHUNK);
      } catch (IOException e) {
        buf.release();
        flow.abort(from, e);
        return false;
      }
      if (n <= 0) {
        buf.release();
        to.flush();
        return true;
      }
      buf.writerIndex(n);
      to.write(buf, to.voidPromise());
    }
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
