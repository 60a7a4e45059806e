package dev.socksify.agent.relay;

import dev.socksify.agent.connect.FlowLog;
import dev.socksify.agent.connect.OwnThreads;
import dev.socksify.chain.netty.NettyChainConnector;
import dev.socksify.chain.netty.NettyTunnel;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The relay's Netty side (relocated Netty, NIO, two daemon event loop threads that the hooks leave alone): loopback
 * listeners, and for each accepted connection the chain to its real destination and the copying both ways. Created
 * by {@link LoopbackRelay} on the first non-blocking connect, so apps that never make one never load Netty.
 */
final class RelayServer {
  /** How long an accepted connection waits for its app to record where it goes (normally microseconds). */
  private static final long TARGET_WAIT_SECONDS = 10;
  /** Per direction; past the high mark the other side stops reading until this one drains below the low mark. */
  private static final WriteBufferWaterMark BUFFER = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

  private final RelayTargets targets;
  private final FlowLog log;
  private final EventLoopGroup group;
  private final NettyChainConnector connector;
  private InetSocketAddress v4;
  private InetSocketAddress v6;

  private RelayServer(RelayTargets targets, FlowLog log) {
    this.targets = targets;
    this.log = log;
    // the relay's Netty is a relocated copy: keep its logging off the app's logging framework
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    this.group = new MultiThreadIoEventLoopGroup(2,
        OwnThreads.factory(new DefaultThreadFactory("socksify-relay", true)), NioIoHandler.newFactory());
    this.connector = new NettyChainConnector(new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, BUFFER));
  }

  /** Starts the event loops and binds the listeners: 127.0.0.1, and ::1 where the host has it. */
  static RelayServer start(RelayTargets targets, FlowLog log) throws IOException {
    RelayServer relay = new RelayServer(targets, log);
    ServerBootstrap server = new ServerBootstrap().group(relay.group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, BUFFER)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel inbound) {
            relay.accepted(inbound);
          }
        });
    try {
      relay.v4 = bind(server, InetAddress.getByName("127.0.0.1"));
      try {
        relay.v6 = bind(server, InetAddress.getByName("::1"));
      } catch (IOException noIpv6) {
        // a host without ::1 has no IPv6-only sockets to serve either
      }
      return relay;
    } catch (IOException | RuntimeException e) {
      relay.group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The listener for an app socket of {@code family}: ::1 for IPv6-only sockets where the host has it. */
  InetSocketAddress listener(ProtocolFamily family) {
    return family == StandardProtocolFamily.INET6 && v6 != null ? v6 : v4;
  }

  private static InetSocketAddress bind(ServerBootstrap server, InetAddress address) throws IOException {
    ChannelFuture bound = server.bind(address, 0).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IOException("socksify: cannot start the relay on " + address.getHostAddress(), bound.cause());
    }
    return (InetSocketAddress) bound.channel().localAddress();
  }

  private void accepted(SocketChannel inbound) {
    int port = inbound.remoteAddress().getPort();
    CompletableFuture<RelayTargets.Target> target = targets.take(port);
    ScheduledFuture<?> expiry = inbound.eventLoop().schedule(() -> {
      target.cancel(false);
      inbound.close();
    }, TARGET_WAIT_SECONDS, TimeUnit.SECONDS);
    target.whenComplete((t, failure) -> {
      expiry.cancel(false);
      if (t != null) {
        inbound.eventLoop().execute(() -> tunnel(inbound, t));
      }
    });
  }

  private void tunnel(SocketChannel inbound, RelayTargets.Target target) {
    if (!inbound.isActive()) {
      return;
    }
    Future<NettyTunnel> tunnel =
        connector.connect(target.chain(), target.destination(), new Joiner(inbound), inbound.eventLoop());
    // the app gave up (closed its socket) before the chain was up: stop negotiating
    inbound.closeFuture().addListener(closed -> tunnel.cancel(false));
    tunnel.addListener(done -> {
      if (done.isSuccess()) {
        log.ok(target.app(), target.destination(), tunnel.getNow().hops(), "relay");
      } else if (!done.isCancelled()) {
        log.error(target.app(), target.destination(), target.chain().hops(), done.cause());
        reset(inbound);
      }
    });
  }

  // An abortive close (RST), so the app's next read or write fails rather than seeing an orderly, empty stream.
  private static void reset(Channel inbound) {
    if (inbound.isOpen()) {
      inbound.config().setOption(ChannelOption.SO_LINGER, 0);
      inbound.close();
    }
  }

  /** Added to the tunnel when it is up: joins it to the app's connection and starts both reading. */
  private static final class Joiner extends ChannelInboundHandlerAdapter {
    private final Channel inbound;

    Joiner(Channel inbound) {
      this.inbound = inbound;
    }

    @Override
    public boolean isSharable() {
      return false;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel outbound = ctx.channel();
      ChannelHandler toApp = new RelayPipe(inbound);
      ctx.pipeline().replace(this, "socksify-relay", toApp);
      inbound.pipeline().addLast("socksify-relay", new RelayPipe(outbound));
      outbound.config().setAutoRead(true);
      inbound.config().setAutoRead(true);
      ctx.fireChannelActive();
    }
  }
}
