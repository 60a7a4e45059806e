package dev.socksify.chain.udp.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.netty.NettyChainConnector;
import dev.socksify.chain.udp.Relay;
import dev.socksify.chain.udp.UdpAssociation;
import dev.socksify.chain.udp.UdpStats;
import dev.socksify.chain.udp.UdpUnsupportedException;
import dev.socksify.testkit.Lab;
import dev.socksify.testkit.UdpEchoServer;
import dev.socksify.testkit.peers.Danted;
import dev.socksify.testkit.peers.Microsocks;
import dev.socksify.testkit.peers.RealPeer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The redirector's path: associations opened on an event loop, datagrams through the codec, real danted hops. */
class NettyUdpAssociatorTest {
  /** Bounds every wait so a broken relay fails the test instead of hanging it; not a performance threshold. */
  private static final long WAIT_SECONDS = 10;

  private static EventLoopGroup group;
  private static NettyUdpAssociator associator;
  private static Danted dantedA;
  private static Danted dantedB;
  private static UdpEchoServer echo;

  @BeforeAll
  static void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    associator = new NettyUdpAssociator(
        new NettyChainConnector(new Bootstrap().group(group).channel(NioSocketChannel.class)));
    dantedA = Danted.start("127.0.0.11");
    dantedB = Danted.start("127.0.0.12");
    echo = UdpEchoServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {echo, dantedB, dantedA}) {
      if (c != null) {
        c.close();
      }
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private static Hop socks5(RealPeer peer) {
    return new Hop(ProxyType.SOCKS5, peer.host(), peer.port());
  }

  private static UdpAssociation open(Chain chain) throws Exception {
    Future<UdpAssociation> future = associator.open(chain, group.next());
    assertTrue(future.await(WAIT_SECONDS, TimeUnit.SECONDS), "association not opened in time");
    if (!future.isSuccess()) {
      throw (Exception) future.cause();
    }
    return future.getNow();
  }

  /** A datagram channel with the codec on top of {@code association}, collecting replies. */
  private static Channel flow(UdpAssociation association, BlockingQueue<DatagramPacket> replies) throws Exception {
    EventLoop loop = group.next();
    Channel channel = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
        .handler(new ChannelInitializer<NioDatagramChannel>() {
          @Override
          protected void initChannel(NioDatagramChannel ch) {
            ch.pipeline().addLast(new UdpEncapsulationCodec(association.encapsulation(), new UdpStats()),
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                    replies.add(packet.retain());
                  }
                });
          }
        })
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    association.onClose(reason -> channel.close());
    channel.closeFuture().addListener(f -> association.close());
    return channel;
  }

  private static String roundTrip(Channel channel, BlockingQueue<DatagramPacket> replies, String text)
      throws Exception {
    channel.writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer(text, US_ASCII), echo.address())).sync();
    DatagramPacket reply = replies.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(reply, "no reply through the relays");
    try {
      assertEquals(echo.address(), reply.sender());
      return reply.content().toString(US_ASCII);
    } finally {
      reply.release();
    }
  }

  @Test
  void twoDantedHopsOpenedOnTheEventLoop() throws Exception {
    UdpAssociation association = open(Chain.strict("netty", List.of(socks5(dantedA), socks5(dantedB))));
    BlockingQueue<DatagramPacket> replies = new LinkedBlockingQueue<>();
    Channel channel = flow(association, replies);
    CountDownLatch ended = new CountDownLatch(1);
    association.onClose(reason -> ended.countDown());
    try {
      String reply = roundTrip(channel, replies, "event loop");
      assertTrue(Pattern.matches("peer=127\\.0\\.0\\.12:\\d+ event loop", reply), reply);
    } finally {
      channel.close().sync();
    }
    assertTrue(ended.await(WAIT_SECONDS, TimeUnit.SECONDS), "closing the flow closes the association");
    assertEquals("closed", association.closedBecause());
  }

  @Test
  void microsocksIsNotSupportedAndADeadHopIsSkippedByDynamicChains() throws Exception {
    try (Microsocks microsocks = Microsocks.start("127.0.0.21")) {
      Future<UdpAssociation> refused = associator.open(
          Chain.strict("netty", List.of(socks5(dantedA), socks5(microsocks))), group.next());
      assertTrue(refused.await(WAIT_SECONDS, TimeUnit.SECONDS));
      UdpUnsupportedException e = assertInstanceOf(UdpUnsupportedException.class, refused.cause());
      assertEquals("hop 2 socks5 127.0.0.1:" + microsocks.port() + " -> udp associate: command not supported (0x07)",
          e.getMessage());
    }
    Hop dead = new Hop(ProxyType.SOCKS5, "127.0.0.1", Lab.freePort());
    try (UdpAssociation association = open(new Chain("dyn", List.of(dead, socks5(dantedB)), ChainMode.dynamic()))) {
      assertEquals(List.of(socks5(dantedB)), association.relays().stream().map(Relay::hop).toList());
    }
  }

  @Test
  void aHopThatDiesEndsTheAssociationAndItsFlow() throws Exception {
    try (Danted dantedC = Danted.start("127.0.0.13")) {
      UdpAssociation association = open(Chain.strict("netty", List.of(socks5(dantedA), socks5(dantedC))));
      BlockingQueue<DatagramPacket> replies = new LinkedBlockingQueue<>();
      Channel channel = flow(association, replies);
      roundTrip(channel, replies, "before");
      CountDownLatch ended = new CountDownLatch(1);
      association.onClose(reason -> ended.countDown());
      dantedC.stop();
      assertTrue(ended.await(WAIT_SECONDS, TimeUnit.SECONDS), "association did not notice hop 2 ending");
      assertEquals("hop 2 socks5 127.0.0.1:" + dantedC.port() + " control connection closed by the proxy",
          association.closedBecause());
      assertTrue(channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS), "the flow's channel was not closed");
    }
  }
}
