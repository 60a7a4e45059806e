package dev.socksify.chain.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.Timeouts;
import dev.socksify.testkit.EmbeddedProxyServer.Mode;
import dev.socksify.testkit.EmbeddedSocks5Server;
import dev.socksify.testkit.PeerEchoServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only the Netty runner has: the tunnel handler hand-over, auto-read off, cancellation. */
class NettyChainConnectorTest {
  private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
  private static EventLoopGroup group;

  private PeerEchoServer echo;
  private EmbeddedSocks5Server proxy;

  @BeforeAll
  static void startLoops() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stopLoops() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @BeforeEach
  void start() throws Exception {
    echo = new PeerEchoServer();
    proxy = new EmbeddedSocks5Server().outboundFrom(InetAddress.getByName("127.0.0.21")).replyWithFirstBytes(true);
  }

  @AfterEach
  void stop() {
    proxy.close();
    echo.close();
  }

  private Chain chain() {
    return Chain.strict("one", List.of(new Hop(ProxyType.SOCKS5, "127.0.0.1", proxy.port(), Optional.empty(), TIMEOUTS)));
  }

  /** Records events in order and reads by hand, as a relay with auto-read off does. */
  private static final class Recorder extends ChannelInboundHandlerAdapter {
    final List<String> events = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<String> data = new LinkedBlockingQueue<>();
    private final String name;

    Recorder(String name) {
      this.name = name;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      events.add(name + " active");
      ctx.read();
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      events.add(name + " read");
      data.add(buf.toString(StandardCharsets.US_ASCII));
      buf.release();
      ctx.read();
    }
  }

  @Test
  void theTunnelHandlerReplacesTheRunnerAndSeesActiveThenTheBytesBehindTheReplyWithAutoReadOff() throws Exception {
    Bootstrap bootstrap =
        new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.AUTO_READ, false);
    Recorder outer = new Recorder("outer");
    Recorder inner = new Recorder("inner");
    ChannelInitializer<Channel> initializer =
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(outer, inner);
          }
        };
    Future<NettyTunnel> future =
        new NettyChainConnector(bootstrap).connect(chain(), echo.address(), initializer);
    assertTrue(future.await(20, TimeUnit.SECONDS), "connect completes");
    assertTrue(future.isSuccess(), () -> String.valueOf(future.cause()));
    NettyTunnel tunnel = future.getNow();
    try {
      assertTrue(outer.events.contains("outer active"), "seen before the future completed: " + outer.events);
      String peer = outer.data.poll(20, TimeUnit.SECONDS);
      assertTrue(peer != null && peer.startsWith("peer=127.0.0.21:"), peer);
      assertEquals("outer active", outer.events.get(0));
      List<String> names = tunnel.channel().pipeline().names();
      assertTrue(names.stream().noneMatch(n -> n.contains("ChainHandshakeHandler")), names.toString());
      assertEquals(proxy.port(), ((InetSocketAddress) tunnel.channel().remoteAddress()).getPort());
      assertEquals(tunnel.boundAddress().getPort(), Integer.parseInt(peer.trim().substring(peer.lastIndexOf(':') + 1)));
    } finally {
      tunnel.channel().close().syncUninterruptibly();
    }
  }

  @Test
  void cancellingTheFutureClosesTheChannelBeingNegotiated() throws Exception {
    proxy.mode(Mode.HANG);
    Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class);
    Future<NettyTunnel> future =
        new NettyChainConnector(bootstrap).connect(chain(), echo.address(), new ChannelInboundHandlerAdapter());
    awaitTrue(() -> proxy.activeConnections() == 1, "the proxy got the connection");
    assertTrue(future.cancel(false));
    awaitTrue(() -> proxy.activeConnections() == 0, "the proxy saw the connection closed");
    assertTrue(future.isCancelled());
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertTrue(condition.getAsBoolean(), what);
  }
}
