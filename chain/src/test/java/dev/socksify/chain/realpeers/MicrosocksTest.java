package dev.socksify.chain.realpeers;

import static dev.socksify.chain.realpeers.RealPeerChains.connect;
import static dev.socksify.chain.realpeers.RealPeerChains.egressSeen;
import static dev.socksify.chain.realpeers.RealPeerChains.hop;
import static dev.socksify.chain.realpeers.RealPeerChains.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Credentials;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.blocking.BlockingTunnel;
import dev.socksify.chain.blocking.SocketTransport;
import dev.socksify.chain.protocol.socks5.Socks5UdpAssociate;
import dev.socksify.testkit.PeerEchoServer;
import dev.socksify.testkit.RealPeers;
import dev.socksify.testkit.peers.Microsocks;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** microsocks 1.0: SOCKS5 CONNECT with and without RFC 1929; other commands refused with 0x07. */
class MicrosocksTest {
  @RegisterExtension static final RealPeers PEERS = new RealPeers();

  private static Microsocks open;
  private static Microsocks auth;
  private static PeerEchoServer destination;

  @BeforeAll
  static void start() throws IOException {
    open = PEERS.microsocks("127.0.0.21");
    auth = PEERS.microsocks("127.0.0.22", "alice", "alice-secret");
    destination = new PeerEchoServer();
  }

  @AfterAll
  static void stop() throws IOException {
    if (destination != null) {
      destination.close();
    }
  }

  @Test
  void withoutAuth() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.SOCKS5, open)), destination.address())) {
      assertEquals("127.0.0.21", egressSeen(tunnel));
    }
  }

  @Test
  void withAuth() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.SOCKS5, auth)), destination.address())) {
      assertEquals("127.0.0.22", egressSeen(tunnel));
    }
  }

  @Test
  void udpAssociateIsRefusedWithCode7() throws IOException {
    Hop hop = hop(ProxyType.SOCKS5, open);
    HopContext context = new HopContext(1, hop, new InetSocketAddress("127.0.0.1", 1));
    try (SocketTransport control = SocketTransport.open(open.address(), RealPeerChains.TIMEOUTS.connect())) {
      HopRefusedException e = assertThrows(HopRefusedException.class,
          () -> Handshakes.run(control, context, Socks5UdpAssociate.associate(context)));
      assertEquals(0x07, e.replyCode(), e.getMessage());
    }
  }

  @Test
  void wrongPasswordIsRefused() {
    Hop hop = hop(ProxyType.SOCKS5, auth).withCredentials(new Credentials("alice", "guess"));
    HopRefusedException e = assertThrows(HopRefusedException.class,
        () -> connect(strict(hop), destination.address()).close());
    assertTrue(e.getMessage().startsWith("hop 1 socks5 " + auth.host() + ":" + auth.port()), e.getMessage());
    assertTrue(e.replyCode() > 0, e.getMessage());
    assertFalse(e.getMessage().contains("guess"), e.getMessage());
  }
}
