package dev.socksify.chain.realpeers;

import static dev.socksify.chain.realpeers.RealPeerChains.connect;
import static dev.socksify.chain.realpeers.RealPeerChains.egressSeen;
import static dev.socksify.chain.realpeers.RealPeerChains.hop;
import static dev.socksify.chain.realpeers.RealPeerChains.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.socksify.chain.ProxyType;
import dev.socksify.chain.blocking.BlockingTunnel;
import dev.socksify.testkit.PeerEchoServer;
import dev.socksify.testkit.RealPeers;
import dev.socksify.testkit.peers.SshDynamic;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ssh -D}: SOCKS4a and SOCKS5 with the name resolved by sshd (the destination is asked for by name,
 * {@code localhost}), and SOCKS4/SOCKS5 with an address.
 */
class SshDynamicTest {
  @RegisterExtension static final RealPeers PEERS = new RealPeers();

  private static SshDynamic ssh;
  private static PeerEchoServer destination;

  @BeforeAll
  static void start() throws IOException {
    ssh = PEERS.sshDynamic();
    destination = new PeerEchoServer();
  }

  @AfterAll
  static void stop() throws IOException {
    if (destination != null) {
      destination.close();
    }
  }

  private static InetSocketAddress byName() {
    return InetSocketAddress.createUnresolved("localhost", destination.port());
  }

  @Test
  void socks4aSendsTheName() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.SOCKS4A, ssh)), byName())) {
      assertEquals(SshDynamic.EGRESS, egressSeen(tunnel));
    }
  }

  @Test
  void socks5hSendsTheName() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.SOCKS5H, ssh)), byName())) {
      assertEquals(SshDynamic.EGRESS, egressSeen(tunnel));
    }
  }

  @Test
  void socks5WithAnAddress() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.SOCKS5, ssh)), destination.address())) {
      assertEquals(SshDynamic.EGRESS, egressSeen(tunnel));
    }
  }

  @Test
  void socks4WithAnAddress() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.SOCKS4, ssh)), destination.address())) {
      assertEquals(SshDynamic.EGRESS, egressSeen(tunnel));
    }
  }
}
