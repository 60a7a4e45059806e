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
import dev.socksify.testkit.peers.Shadowsocks;
import dev.socksify.testkit.peers.Tinyproxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** tinyproxy's HTTP CONNECT (by address and by name) and ss-local's SOCKS5 CONNECT. */
class TinyproxyAndShadowsocksTest {
  @RegisterExtension static final RealPeers PEERS = new RealPeers();

  private static Tinyproxy tinyproxy;
  private static Shadowsocks shadowsocks;
  private static PeerEchoServer destination;

  @BeforeAll
  static void start() throws IOException {
    tinyproxy = PEERS.tinyproxy("127.0.0.41");
    shadowsocks = PEERS.shadowsocks("127.0.0.31");
    destination = new PeerEchoServer();
  }

  @AfterAll
  static void stop() throws IOException {
    if (destination != null) {
      destination.close();
    }
  }

  @Test
  void tinyproxyConnectToAnAddress() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.HTTP, tinyproxy)), destination.address())) {
      assertEquals("127.0.0.41", egressSeen(tunnel));
    }
  }

  @Test
  void tinyproxyConnectToAName() throws IOException {
    InetSocketAddress byName = InetSocketAddress.createUnresolved("localhost", destination.port());
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.HTTP, tinyproxy)), byName)) {
      assertEquals("127.0.0.41", egressSeen(tunnel));
    }
  }

  @Test
  void shadowsocksLocalSocks5() throws IOException {
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.SOCKS5, shadowsocks)), destination.address())) {
      assertEquals("127.0.0.31", egressSeen(tunnel));
    }
  }
}
