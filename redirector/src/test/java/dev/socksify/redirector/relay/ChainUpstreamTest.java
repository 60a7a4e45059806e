package dev.socksify.redirector.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.netty.NettyChainConnector;
import dev.socksify.testkit.EmbeddedProxyServer.Mode;
import dev.socksify.testkit.EmbeddedSocks5Server;
import dev.socksify.testkit.PeerEchoServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chain upstream over the embedded test kit on loopback: tunnels, early bytes, failures. */
class ChainUpstreamTest {
  private static EventLoopGroup group;
  private static NettyChainConnector connector;

  @BeforeAll
  static void setUp() {
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    connector = new NettyChainConnector(new Bootstrap().group(group).channel(EpollSocketChannel.class)
        .option(ChannelOption.AUTO_READ, false));
  }

  @AfterAll
  static void tearDown() {
    group.shutdownGracefully().syncUninterruptibly();
  }

  private static Hop hop(EmbeddedSocks5Server server) {
    return new Hop(ProxyType.SOCKS5, "127.0.0.1", server.port());
  }

  @Test
  void bytesTheDestinationSentWithTheLastReplyReachTheRelay() throws Exception {
    try (EmbeddedSocks5Server first = new EmbeddedSocks5Server();
        EmbeddedSocks5Server last = new EmbeddedSocks5Server().replyWithFirstBytes(true);
        PeerEchoServer destination = new PeerEchoServer()) {
      ChainUpstream upstream = new ChainUpstream(Chain.strict("t", List.of(hop(first), hop(last))), connector);
      EventLoop loop = group.next();
      Future<Tunnel> f = upstream.open(loop, destination.address()).await();
      assertTrue(f.isSuccess(), String.valueOf(f.cause()));
      Tunnel tunnel = f.getNow();
      try {
        String early = tunnel.early().toString(StandardCharsets.US_ASCII);
        assertTrue(early.startsWith("peer=127.0.0.1:"), "early bytes: '" + early + "'");
        assertFalse(tunnel.channel().config().isAutoRead(), "the relay decides when reading starts");
        assertEquals(List.of(), tunnel.channel().pipeline().names().stream()
            .filter(n -> !n.startsWith("DefaultChannelPipeline$TailContext")).toList());
      } finally {
        tunnel.early().release();
        tunnel.channel().close().sync();
      }
      assertEquals("chain t (socks5 127.0.0.1:" + first.port() + " -> socks5 127.0.0.1:" + last.port() + ")",
          upstream.via());
    }
  }

  @Test
  void aRefusalFailsWithTheHopNamed() throws Exception {
    try (EmbeddedSocks5Server refusing = new EmbeddedSocks5Server(Mode.REFUSE)) {
      ChainUpstream upstream = new ChainUpstream(Chain.strict("t", List.of(hop(refusing))), connector);
      InetSocketAddress destination = new InetSocketAddress("127.0.0.1", 9);
      Future<Tunnel> f = upstream.open(group.next(), destination).await();
      assertFalse(f.isSuccess());
      assertTrue(f.cause() instanceof HopRefusedException, String.valueOf(f.cause()));
      assertTrue(f.cause().getMessage().startsWith("hop 1 socks5 127.0.0.1:" + refusing.port()
          + " -> 127.0.0.1:9: "), f.cause().getMessage());
    }
  }
}
