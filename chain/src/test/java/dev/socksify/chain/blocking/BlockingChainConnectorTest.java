package dev.socksify.chain.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.Timeouts;
import dev.socksify.chain.connect.Handshakes;
import dev.socksify.chain.connect.HostResolver;
import dev.socksify.chain.protocol.ClientHandshake;
import dev.socksify.chain.protocol.socks5.Socks5Bind;
import dev.socksify.testkit.EmbeddedProxyServer.Mode;
import dev.socksify.testkit.EmbeddedSocks5Server;
import dev.socksify.testkit.PeerEchoServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What only the blocking runner has: transports handed back as the caller gave them, the last-step seam. */
class BlockingChainConnectorTest {
  private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static Hop socks5(EmbeddedSocks5Server server) {
    return new Hop(ProxyType.SOCKS5, "127.0.0.1", server.port(), Optional.empty(), TIMEOUTS);
  }

  @Test
  void transportsTimeOutReadsAndLeaveNoTimeoutBehind() throws Exception {
    try (EmbeddedSocks5Server hang = new EmbeddedSocks5Server(Mode.HANG)) {
      try (SocketChannelTransport t = SocketChannelTransport.open(hang.address(), Duration.ofSeconds(5))) {
        assertThrows(SocketTimeoutException.class, () -> t.read(ByteBuffer.allocate(1), Duration.ofMillis(100)));
        assertEquals(0, t.channel().socket().getSoTimeout());
      }
      try (SocketTransport t = SocketTransport.open(hang.address(), Duration.ofSeconds(5))) {
        assertThrows(SocketTimeoutException.class, () -> t.read(ByteBuffer.allocate(1), Duration.ofMillis(100)));
        assertEquals(0, t.socket().getSoTimeout());
      }
    }
  }

  @Test
  void theLastHopCanRunBindThroughAChain() throws Exception {
    InetAddress egress = InetAddress.getByName("127.0.0.22");
    try (EmbeddedSocks5Server first = new EmbeddedSocks5Server().outboundFrom(InetAddress.getByName("127.0.0.21"));
        EmbeddedSocks5Server last = new EmbeddedSocks5Server().outboundFrom(egress)) {
      AtomicReference<Socks5Bind> bind = new AtomicReference<>();
      Handshakes bindAtTheEnd =
          Handshakes.lastHop(
              step -> {
                bind.set(Socks5Bind.bind(step));
                return bind.get();
              });
      InetSocketAddress expectedPeer = new InetSocketAddress("127.0.0.23", 0);
      try (BlockingTunnel tunnel =
          new BlockingChainConnector(HopDialer.socketChannel(), HostResolver.system())
              .connect(Chain.strict("bind", List.of(socks5(first), socks5(last))), expectedPeer, bindAtTheEnd)) {
        InetSocketAddress listening = tunnel.boundAddress();
        assertEquals(egress, listening.getAddress(), "the last hop listens where it leaves from");
        try (Socket peer = new Socket()) {
          peer.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.23"), 0));
          peer.connect(listening, 5_000);
          ClientHandshake second = bind.get().awaitPeer();
          while (!second.isDone()) {
            ByteBuffer in = ByteBuffer.allocate(second.bytesNeeded());
            assertTrue(tunnel.transport().read(in, WAIT) > 0);
            second.receive(in.flip());
          }
          assertEquals(peer.getLocalSocketAddress(), second.boundAddress());
          peer.getOutputStream().write("hello from the peer\n".getBytes(StandardCharsets.US_ASCII));
          ByteBuffer line = ByteBuffer.allocate(20);
          while (line.hasRemaining() && tunnel.transport().read(line, WAIT) > 0) {
            // the peer's line is 20 bytes
          }
          assertEquals("hello from the peer\n", new String(line.array(), StandardCharsets.US_ASCII));
        }
      }
    }
  }

  @Test
  void theDefaultConnectorDialsWithASocketChannel() throws Exception {
    try (PeerEchoServer echo = new PeerEchoServer();
        EmbeddedSocks5Server proxy = new EmbeddedSocks5Server();
        BlockingTunnel tunnel = new BlockingChainConnector().connect(Chain.strict("one", List.of(socks5(proxy))), echo.address())) {
      assertTrue(tunnel.transport() instanceof SocketChannelTransport, tunnel.transport().toString());
      assertEquals(List.of(socks5(proxy)), tunnel.hops());
    }
  }
}
