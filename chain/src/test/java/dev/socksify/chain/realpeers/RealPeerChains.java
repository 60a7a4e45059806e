package dev.socksify.chain.realpeers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Credentials;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.Timeouts;
import dev.socksify.chain.blocking.BlockingChainConnector;
import dev.socksify.chain.blocking.BlockingTransport;
import dev.socksify.chain.blocking.BlockingTunnel;
import dev.socksify.chain.blocking.HopDialer;
import dev.socksify.chain.connect.HostResolver;
import dev.socksify.testkit.peers.RealPeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Hops for real peers, and the blocking chain runner driving them to a {@code PeerEchoServer}. */
final class RealPeerChains {
  /** Short enough that a broken peer fails a test quickly, long enough for a loaded 2-core CI machine. */
  static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));

  private static final int MAX_LINE = 200;

  private RealPeerChains() {}

  /** A hop of {@code type} for {@code peer}, with the peer's credentials if it has any. */
  static Hop hop(ProxyType type, RealPeer peer) {
    Hop hop = new Hop(type, peer.host(), peer.port()).withTimeouts(TIMEOUTS);
    return peer.user() == null ? hop : hop.withCredentials(new Credentials(peer.user(), peer.password()));
  }

  static Chain strict(Hop... hops) {
    return new Chain("real", List.of(hops), ChainMode.strict());
  }

  static Chain dynamic(Hop... hops) {
    return new Chain("real", List.of(hops), ChainMode.dynamic());
  }

  /** Connects through {@code chain} with the blocking runner over plain sockets. */
  static BlockingTunnel connect(Chain chain, InetSocketAddress destination) throws ChainException {
    return new BlockingChainConnector(HopDialer.socket(), HostResolver.system()).connect(chain, destination);
  }

  /**
   * The source IP the destination saw (its first line, {@code peer=IP:port}), after checking that the tunnel
   * carries bytes both ways: the echo must return what we send.
   */
  static String egressSeen(BlockingTunnel tunnel) throws IOException {
    String peerLine = readLine(tunnel.transport());
    tunnel.transport().write(ByteBuffer.wrap("ping through the chain\n".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("ping through the chain", readLine(tunnel.transport()), "echo through the tunnel");
    if (!peerLine.startsWith("peer=")) {
      throw new IOException("not a peer line: " + peerLine);
    }
    String endpoint = peerLine.substring("peer=".length());
    String ip = endpoint.substring(0, endpoint.lastIndexOf(':'));
    return ip.startsWith("[") ? ip.substring(1, ip.length() - 1) : ip;
  }

  /** One line (without LF), read a byte at a time so nothing after it is consumed. */
  static String readLine(BlockingTransport transport) throws IOException {
    StringBuilder line = new StringBuilder();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (line.length() < MAX_LINE) {
      one.clear();
      if (transport.read(one, TIMEOUTS.read()) < 0) {
        throw new IOException("EOF after '" + line + "'");
      }
      char c = (char) (one.get(0) & 0xff);
      if (c == '\n') {
        return line.toString();
      }
      line.append(c);
    }
    throw new IOException("line longer than " + MAX_LINE + ": " + line);
  }
}
