package dev.socksify.chain.realpeers;

import static dev.socksify.chain.realpeers.RealPeerChains.connect;
import static dev.socksify.chain.realpeers.RealPeerChains.egressSeen;
import static dev.socksify.chain.realpeers.RealPeerChains.hop;
import static dev.socksify.chain.realpeers.RealPeerChains.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.blocking.BlockingTunnel;
import dev.socksify.chain.blocking.SocketTransport;
import dev.socksify.chain.protocol.socks5.Socks5Bind;
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
  void bindIsNotSupportedAndShowsAsEof() throws IOException {
    // ssh -D closes the connection on BIND instead of replying (LAB.md pitfall 2).
    Hop hop = hop(ProxyType.SOCKS5, ssh);
    HopContext context = new HopContext(1, hop, new InetSocketAddress("127.0.0.1", 1));
    try (SocketTransport control = SocketTransport.open(ssh.address(), RealPeerChains.TIMEOUTS.connect())) {
      HopUnreachableException e = assertThrows(HopUnreachableException.class,
          () -> Handshakes.run(control, context, Socks5Bind.bind(context)));
      assertTrue(e.getMessage().startsWith(context.toString()), e.getMessage());
    }
  }

  @Test
  void socks4WithAnAddress() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.SOCKS4, ssh)), destination.address())) {
      assertEquals(SshDynamic.EGRESS, egressSeen(tunnel));
    }
  }
}
