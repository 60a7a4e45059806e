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
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.blocking.BlockingTunnel;
import dev.socksify.testkit.PeerEchoServer;
import dev.socksify.testkit.RealPeers;
import dev.socksify.testkit.peers.Danted;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** danted 1.4: SOCKS4 and SOCKS5 CONNECT, RFC 1929 against a system user, and its refusal of SOCKS4a. */
class DantedTest {
  @RegisterExtension static final RealPeers PEERS = new RealPeers();

  private static Danted open;
  private static Danted auth;
  private static PeerEchoServer destination;

  @BeforeAll
  static void start() throws IOException {
    open = PEERS.danted("127.0.0.11");
    auth = PEERS.dantedWithAuth("127.0.0.13");
    destination = new PeerEchoServer();
  }

  @AfterAll
  static void stop() throws IOException {
    if (destination != null) {
      destination.close();
    }
  }

  @Test
  void socks5Connect() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.SOCKS5, open)), destination.address())) {
      assertEquals("127.0.0.11", egressSeen(tunnel));
    }
  }

  @Test
  void socks4Connect() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.SOCKS4, open)), destination.address())) {
      assertEquals("127.0.0.11", egressSeen(tunnel));
    }
  }

  @Test
  void socks4aIsRefusedWithCode91() {
    // danted has no SOCKS4a: it answers "request rejected" (91) to the 0.0.0.x form.
    InetSocketAddress byName = InetSocketAddress.createUnresolved("localhost", destination.port());
    HopRefusedException e = assertThrows(HopRefusedException.class,
        () -> connect(strict(hop(ProxyType.SOCKS4A, open)), byName).close());
    assertEquals(91, e.replyCode());
    assertTrue(e.getMessage().startsWith("hop 1 socks4a " + open.host() + ":" + open.port() + " -> localhost:"),
        e.getMessage());
  }

  @Test
  void socks5WithTheRightPassword() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.SOCKS5, auth)), destination.address())) {
      assertEquals("127.0.0.13", egressSeen(tunnel));
    }
  }

  @Test
  void socks5WithAWrongPasswordIsRefusedNamingTheHop() {
    String wrong = "not-" + auth.password();
    Hop hop = hop(ProxyType.SOCKS5, auth).withCredentials(new Credentials(auth.user(), wrong));
    HopRefusedException e = assertThrows(HopRefusedException.class,
        () -> connect(strict(hop), destination.address()).close());
    assertTrue(e.getMessage().startsWith("hop 1 socks5 " + auth.host() + ":" + auth.port() + " -> "),
        e.getMessage());
    // RFC 1929: any non-zero STATUS is a failure; danted sends 0x01.
    assertEquals(1, e.replyCode(), e.getMessage());
    assertTrue(e.getMessage().contains("(0x01)"), e.getMessage());
    assertFalse(e.getMessage().contains(wrong), "password in the message: " + e.getMessage());
  }

  @Test
  void socks5WithoutCredentialsIsRefused() {
    Hop anonymous = new Hop(ProxyType.SOCKS5, auth.host(), auth.port()).withTimeouts(RealPeerChains.TIMEOUTS);
    HopRefusedException e = assertThrows(HopRefusedException.class,
        () -> connect(strict(anonymous), destination.address()).close());
    // No acceptable method: the server wants username/password and we offered none.
    assertEquals(0xff, e.replyCode(), e.getMessage());
  }
}
