package dev.socksify.chain.realpeers;

import static dev.socksify.chain.realpeers.RealPeerChains.connect;
import static dev.socksify.chain.realpeers.RealPeerChains.dynamic;
import static dev.socksify.chain.realpeers.RealPeerChains.egressSeen;
import static dev.socksify.chain.realpeers.RealPeerChains.hop;
import static dev.socksify.chain.realpeers.RealPeerChains.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.ChainException;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.blocking.BlockingTunnel;
import dev.socksify.testkit.PeerEchoServer;
import dev.socksify.testkit.RealPeers;
import dev.socksify.testkit.peers.Danted;
import dev.socksify.testkit.peers.Microsocks;
import dev.socksify.testkit.peers.Shadowsocks;
import dev.socksify.testkit.peers.SshDynamic;
import dev.socksify.testkit.peers.Tinyproxy;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chains of real proxies of different kinds, each hop asked in its own protocol for the next; the destination
 * reports the address the last hop connected from. Dead hops: dynamic mode goes around them, strict mode names
 * them.
 */
class RealChainTest {
  @RegisterExtension static final RealPeers PEERS = new RealPeers();

  /** Peers a test stops on purpose; one set per test. */
  @RegisterExtension final RealPeers doomed = new RealPeers();

  private static Danted danted;
  private static Danted dantedB;
  private static SshDynamic ssh;
  private static Shadowsocks shadowsocks;
  private static Microsocks microsocks;
  private static Tinyproxy tinyproxy;
  private static PeerEchoServer destination;

  @BeforeAll
  static void start() throws IOException {
    danted = PEERS.danted("127.0.0.11");
    dantedB = PEERS.danted("127.0.0.12");
    ssh = PEERS.sshDynamic();
    shadowsocks = PEERS.shadowsocks("127.0.0.31");
    microsocks = PEERS.microsocks("127.0.0.22", "carol", "carol-secret");
    tinyproxy = PEERS.tinyproxy("127.0.0.41");
    destination = new PeerEchoServer();
  }

  @AfterAll
  static void stop() throws IOException {
    if (destination != null) {
      destination.close();
    }
  }

  @Test
  void fiveKindsOfHopsEndingInHttpConnect() throws IOException {
    List<Hop> hops = List.of(
        hop(ProxyType.SOCKS5, danted),
        hop(ProxyType.SOCKS4A, ssh),
        hop(ProxyType.SOCKS5, shadowsocks),
        hop(ProxyType.SOCKS5, microsocks),
        hop(ProxyType.HTTP, tinyproxy));
    try (BlockingTunnel tunnel = connect(strict(hops.toArray(Hop[]::new)), destination.address())) {
      assertEquals(tinyproxy.egress(), egressSeen(tunnel));
      assertEquals(hops, tunnel.hops());
    }
  }

  @Test
  void fourHopsEndingInAnotherDanted() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(
        hop(ProxyType.HTTP, tinyproxy),
        hop(ProxyType.SOCKS5H, ssh),
        hop(ProxyType.SOCKS5, microsocks),
        hop(ProxyType.SOCKS4, dantedB)), destination.address())) {
      assertEquals(dantedB.egress(), egressSeen(tunnel));
    }
  }

  @Test
  void dynamicSkipsAStoppedMiddleHop() throws IOException {
    Microsocks dead = doomed.microsocks("127.0.0.23");
    dead.stop();
    Hop deadHop = hop(ProxyType.SOCKS5, dead);
    try (BlockingTunnel tunnel = connect(dynamic(
        hop(ProxyType.SOCKS5, danted), deadHop, hop(ProxyType.HTTP, tinyproxy)), destination.address())) {
      assertEquals(tinyproxy.egress(), egressSeen(tunnel));
      assertEquals(List.of(hop(ProxyType.SOCKS5, danted), hop(ProxyType.HTTP, tinyproxy)), tunnel.hops());
    }
  }

  @Test
  void dynamicSkipsAStoppedFirstHop() throws IOException {
    Microsocks dead = doomed.microsocks("127.0.0.23");
    dead.stop();
    try (BlockingTunnel tunnel = connect(dynamic(
        hop(ProxyType.SOCKS5, dead), hop(ProxyType.SOCKS5, danted)), destination.address())) {
      assertEquals(danted.egress(), egressSeen(tunnel));
      assertEquals(List.of(hop(ProxyType.SOCKS5, danted)), tunnel.hops());
    }
  }

  @Test
  void strictFailsOnAStoppedMiddleHopNamingIt() {
    Microsocks dead = doomed.microsocks("127.0.0.23");
    dead.stop();
    // danted cannot reach the stopped hop: it refuses, and the message names the hop it was asked for.
    HopRefusedException e = assertThrows(HopRefusedException.class, () -> connect(strict(
        hop(ProxyType.SOCKS5, danted), hop(ProxyType.SOCKS5, dead), hop(ProxyType.HTTP, tinyproxy)),
        destination.address()).close());
    assertTrue(e.getMessage().startsWith("hop 1 socks5 " + danted.host() + ":" + danted.port() + " -> "
        + dead.host() + ":" + dead.port() + ": "), e.getMessage());
    assertEquals(0x05, e.replyCode(), e.getMessage());
  }

  @Test
  void strictFailsOnAStoppedFirstHopNamingIt() {
    Microsocks dead = doomed.microsocks("127.0.0.23");
    dead.stop();
    ChainException e = assertThrows(HopUnreachableException.class, () -> connect(strict(
        hop(ProxyType.SOCKS5, dead), hop(ProxyType.SOCKS5, danted)), destination.address()).close());
    assertTrue(e.getMessage().startsWith("hop 1 socks5 " + dead.host() + ":" + dead.port() + " -> "),
        e.getMessage());
  }
}
