package dev.socksify.agent.relay;

import dev.socksify.agent.connect.FlowLog;
import dev.socksify.agent.connect.OwnThreads;
import dev.socksify.agent.connect.RelayPath;
import dev.socksify.agent.inband.SunNio;
import dev.socksify.chain.Chain;
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
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The in-process relay for callers that must not block for a chain handshake (non-blocking {@code SocketChannel},
 * {@code AsynchronousSocketChannel}, and so the JDK's {@code HttpClient} and Netty NIO apps). The app's socket is
 * connected to a loopback listener of the agent instead of its destination, which returns at once as a loopback
 * connect does; the relay then runs the chain on Netty (relocated, NIO, its own daemon threads, which the hooks
 * leave alone) and copies bytes both ways with bounded buffers, passing half-closes on. A chain failure reaches
 * the app as a connection reset on its first read or write. Started on first use.
 *
 * <p>The app's socket keeps reporting its original destination ({@code SocketChannelImpl} and the async channel
 * store it before connecting); its local address is a loopback one.
 */
public final class LoopbackRelay implements RelayPath {
  /** How long an accepted connection waits for its app to record where it goes (normally microseconds). */
  private static final long TARGET_WAIT_SECONDS = 10;
  /** Per direction; past the high mark the other side stops reading until this one drains below the low mark. */
  private static final WriteBufferWaterMark BUFFER = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

  private final SunNio nio;
  private final FlowLog log;
  private final RelayTargets targets = new RelayTargets();
  private volatile Listeners listeners;

  public LoopbackRelay(SunNio nio, FlowLog log) {
    this.nio = nio;
    this.log = log;
  }

  /** The relay's event loops and its two listeners (IPv6 only where the host has ::1). */
  private record Listeners(EventLoopGroup group, NettyChainConnector connector, InetSocketAddress v4,
      InetSocketAddress v6) {}

  @Override
  public int connect(ProtocolFamily family, FileDescriptor fd, InetSocketAddress target, Chain chain, String app)
      throws IOException {
    Listeners relay = listeners();
    InetSocketAddress listener = family == StandardProtocolFamily.INET6 && relay.v6() != null ? relay.v6() : relay.v4();
    int result;
    try {
      result = OwnThreads.call(() -> nio.connect(family, fd, listener.getAddress(), listener.getPort()));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    // connect(2) has bound the socket even while the handshake is in progress, so its port is known now
    targets.offer(nio.localAddress(fd).getPort(), new RelayTargets.Target(target, chain, app));
    return result;
  }

  private Listeners listeners() throws IOException {
    Listeners current = listeners;
    if (current == null) {
      synchronized (this) {
        current = listeners;
        if (current == null) {
          current = start();
          listeners = current;
        }
      }
    }
    return current;
  }

  private Listeners start() throws IOException {
    // the relay's Netty is a relocated copy: keep its logging off the app's logging framework
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
        OwnThreads.factory(new DefaultThreadFactory("socksify-relay", true)), NioIoHandler.newFactory());
    Bootstrap outbound = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, BUFFER);
    NettyChainConnector connector = new NettyChainConnector(outbound);
    ServerBootstrap server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, BUFFER)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel inbound) {
            accepted(inbound, connector);
          }
        });
    try {
      InetSocketAddress v4 = bind(server, InetAddress.getByName("127.0.0.1"));
      InetSocketAddress v6 = null;
      try {
        v6 = bind(server, InetAddress.getByName("::1"));
      } catch (IOException noIpv6) {
        // a host without ::1 has no IPv6-only sockets to serve either
      }
      return new Listeners(group, connector, v4, v6);
    } catch (IOException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static InetSocketAddress bind(ServerBootstrap server, InetAddress address) throws IOException {
    ChannelFuture bound = server.bind(address, 0).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IOException("socksify: cannot start the relay on " + address.getHostAddress(), bound.cause());
    }
    return (InetSocketAddress) bound.channel().localAddress();
  }

  private void accepted(SocketChannel inbound, NettyChainConnector connector) {
    int port = inbound.remoteAddress().getPort();
    CompletableFuture<RelayTargets.Target> target = targets.take(port);
    ScheduledFuture<?> expiry = inbound.eventLoop().schedule(() -> {
      target.cancel(false);
      inbound.close();
    }, TARGET_WAIT_SECONDS, TimeUnit.SECONDS);
    target.whenComplete((t, failure) -> {
      expiry.cancel(false);
      if (t != null) {
        inbound.eventLoop().execute(() -> tunnel(inbound, t, connector));
      }
    });
  }

  private void tunnel(SocketChannel inbound, RelayTargets.Target target, NettyChainConnector connector) {
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
