package dev.socksify.redirector.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * First handler of every accepted connection: finds the original destination, asks the policy how to get there,
 * opens the tunnel, then hands both channels to the relay. The client is not read until the tunnel is up (its
 * first bytes wait in the kernel), except when it half-closes meanwhile: Netty then reads what came before the FIN
 * even with auto-read off, and this handler keeps those bytes and the FIN for the relay to send on first. A flow
 * that cannot be opened is reset at once and logged in one line.
 */
final class FlowHandler extends ChannelInboundHandlerAdapter {
  private final RelaySettings settings;
  private Future<Tunnel> pending;
  /** Bytes the client sent before the tunnel was up (only when it half-closed), or null. */
  private CompositeByteBuf fromClient;
  private boolean clientEnded;

  FlowHandler(RelaySettings settings) {
    this.settings = settings;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    EpollSocketChannel client = (EpollSocketChannel) ctx.channel();
    InetSocketAddress from = client.remoteAddress();
    InetSocketAddress destination;
    try {
      destination = OriginalDestination.of(client);
    } catch (IOException e) {
      FlowLog.failed(from, client.localAddress(), "nothing", e.getMessage());
      Resets.reset(client);
      return;
    }
    if (destination.equals(client.localAddress())) {
      // conntrack reports the listener itself for a connection that was never redirected
      FlowLog.failed(from, destination, "nothing", "not a redirected connection (made to the listener itself)");
      Resets.reset(client);
      return;
    }
    Upstream upstream = settings.policy().upstreamFor(destination);
    FlowInfo info = new FlowInfo(from, destination, upstream.via());
    FlowStats stats = settings.stats();
    if (!stats.tryOpen(settings.maxFlows())) {
      stats.failed();
      info.failed("too many flows (" + settings.maxFlows() + " open, the max_flows cap)");
      Resets.reset(client);
      return;
    }
    FlowSlot slot = new FlowSlot(stats);
    client.closeFuture().addListener(closed -> slot.clientChannelClosed());
    pending = upstream.open(client.eventLoop(), destination);
    pending.addListener(done -> {
      if (!done.isSuccess()) {
        stats.failed();
        if (!done.isCancelled()) {
          info.failed(reason(done.cause()));
        }
        releaseFromClient();
        Resets.reset(client);
        return;
      }
      Tunnel tunnel = pending.getNow();
      if (!client.isActive()) {
        releaseFromClient();
        tunnel.early().release();
        tunnel.channel().close();
        stats.failed();
        info.failed("client left before the tunnel was up");
        return;
      }
      stats.relaying();
      ctx.pipeline().remove(this);
      ByteBuf early = fromClient == null ? Unpooled.EMPTY_BUFFER : fromClient;
      fromClient = null;
      Relay.start(info, client, tunnel, new ClientStart(early, clientEnded), settings.engine(), slot);
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf bytes)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (fromClient == null) {
      fromClient = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
    }
    fromClient.addComponent(true, bytes);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      clientEnded = true;
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (pending != null && !pending.isDone()) {
      pending.cancel(false);
    }
    releaseFromClient();
    ctx.fireChannelInactive();
  }

  private void releaseFromClient() {
    if (fromClient != null) {
      fromClient.release();
      fromClient = null;
    }
  }


  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // the client reset while we were still opening its tunnel; channelInactive follows and cancels it
    ctx.close();
  }

  private static String reason(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
