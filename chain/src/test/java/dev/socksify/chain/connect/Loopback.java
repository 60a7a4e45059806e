package dev.socksify.chain.connect;

import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.Timeouts;
import dev.socksify.testkit.EmbeddedHttpConnectServer;
import dev.socksify.testkit.EmbeddedProxyServer;
import dev.socksify.testkit.EmbeddedProxyServer.Mode;
import dev.socksify.testkit.EmbeddedSocks4Server;
import dev.socksify.testkit.EmbeddedSocks5Server;
import dev.socksify.testkit.EmbeddedTcpServer;
import dev.socksify.testkit.PeerEchoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A destination and embedded proxies on loopback for one test, all stopped on close. Hop i's proxy connects
 * onward from 127.0.0.(20 + i), so the destination's peer line names the hop a connection left from.
 */
final class Loopback implements AutoCloseable {
  /** The server for each scheme; SOCKS4 and 4a share one, as do SOCKS5 and 5h. */
  private static final Map<ProxyType, ServerFactory> SERVERS = new EnumMap<>(ProxyType.class);

  static {
    SERVERS.put(ProxyType.SOCKS4, EmbeddedSocks4Server::new);
    SERVERS.put(ProxyType.SOCKS4A, EmbeddedSocks4Server::new);
    SERVERS.put(ProxyType.SOCKS5, EmbeddedSocks5Server::new);
    SERVERS.put(ProxyType.SOCKS5H, EmbeddedSocks5Server::new);
    SERVERS.put(ProxyType.HTTP, EmbeddedHttpConnectServer::new);
  }

  static final Duration SHORT_READ = Duration.ofMillis(300);
  static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));

  private interface ServerFactory {
    EmbeddedProxyServer<?> start(Mode mode) throws IOException;
  }

  final PeerEchoServer echo;
  private final List<EmbeddedTcpServer> servers = new ArrayList<>();

  Loopback() throws IOException {
    echo = new PeerEchoServer();
  }

  InetSocketAddress destination() {
    return echo.address();
  }

  /** Starts a proxy for {@code type} in {@code mode}, leaving from 127.0.0.(20 + egress). */
  EmbeddedProxyServer<?> proxy(ProxyType type, Mode mode, int egress) throws IOException {
    EmbeddedProxyServer<?> server = SERVERS.get(type).start(mode);
    servers.add(server);
    server.outboundFrom(egress(egress));
    return server;
  }

  static InetAddress egress(int i) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (20 + i)});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The peer-line prefix a connection leaving hop {@code egress} shows at the destination. */
  static String peerFrom(int egress) {
    return "peer=" + egress(egress).getHostAddress() + ":";
  }

  static Hop hop(ProxyType type, EmbeddedTcpServer server) {
    return new Hop(type, "127.0.0.1", server.port(), Optional.empty(), TIMEOUTS);
  }

  static Hop hop(ProxyType type, EmbeddedTcpServer server, Timeouts timeouts) {
    return new Hop(type, "127.0.0.1", server.port(), Optional.empty(), timeouts);
  }

  /** A port nothing listens on: bound, then released (no fixed port numbers). */
  static int closedPort() {
    try (PeerEchoServer gone = new PeerEchoServer()) {
      return gone.port();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    servers.forEach(EmbeddedTcpServer::close);
    echo.close();
  }
}
