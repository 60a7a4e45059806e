package dev.socksify.redirector.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * First handler of every accepted connection: finds the original destination, asks the policy how to get there,
 * opens the tunnel, then hands both channels to the relay. The client is not read until the tunnel is up (its
 * first bytes wait in the kernel). A flow that cannot be opened is reset at once and logged in one line.
 */
final class FlowHandler extends ChannelInboundHandlerAdapter {
  private final RelaySettings settings;
  private Future<Tunnel> pending;

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
        Resets.reset(client);
        return;
      }
      Tunnel tunnel = pending.getNow();
      if (!client.isActive()) {
        tunnel.early().release();
        tunnel.channel().close();
        stats.failed();
        info.failed("client left before the tunnel was up");
        return;
      }
      stats.relaying();
      ctx.pipeline().remove(this);
      Relay.start(info, client, tunnel, settings.engine(), slot);
    });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (pending != null && !pending.isDone()) {
      pending.cancel(false);
    }
    ctx.fireChannelInactive();
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
