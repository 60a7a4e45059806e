package dev.socksify.chain.protocol.socks5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Credentials;
import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.protocol.ClientHandshake;
import dev.socksify.chain.protocol.SocketRunner;
import dev.socksify.testkit.Lab;
import dev.socksify.testkit.PeerEchoServer;
import dev.socksify.testkit.peers.Microsocks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SOCKS5 handshakes over real loopback sockets against real microsocks 1.0.x, with and without RFC 1929
 * authentication. The destination writes first, so a handshake that read one octet too many would eat the
 * start of its line.
 */
class Socks5MicrosocksTest {
  static final String EGRESS = "127.0.0.21";
  static final String USER = "lab-user";
  static final String PASSWORD = "lab-pass-4711";

  static Microsocks open;
  static Microsocks auth;
  static PeerEchoServer destination;

  @BeforeAll
  static void startPeers() throws IOException {
    Lab.requireCommand("microsocks");
    destination = new PeerEchoServer();
    open = Microsocks.start(EGRESS);
    auth = Microsocks.startWithAuth(EGRESS, USER, PASSWORD);
  }

  @AfterAll
  static void stopPeers() {
    for (AutoCloseable closeable : new AutoCloseable[] {open, auth, destination}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop " + closeable, e);
      }
    }
  }

  static HopContext context(Microsocks peer, Credentials credentials, InetSocketAddress target) {
    Hop hop = new Hop(ProxyType.SOCKS5H, peer.host(), peer.port());
    return new HopContext(1, credentials == null ? hop : hop.withCredentials(credentials), target);
  }

  @Test
  void connectsToAnAddressWithoutAuthentication() throws IOException {
    try (Socket socket = SocketRunner.open(open)) {
      ClientHandshake handshake = Socks5Handshake.connect(context(open, null, destination.address()));
      SocketRunner.run(socket, handshake);
      assertTrue(handshake.isDone());
      SocketRunner.assertTunnel(socket, EGRESS);
    }
  }

  @Test
  void connectsToANameTheProxyResolves() throws IOException {
    InetSocketAddress byName = InetSocketAddress.createUnresolved("localhost", destination.port());
    try (Socket socket = SocketRunner.open(open)) {
      SocketRunner.run(socket, Socks5Handshake.connect(context(open, null, byName)));
      SocketRunner.assertTunnel(socket, EGRESS);
    }
  }

  @Test
  void closedPortIsConnectionRefused() throws IOException {
    int closed = Lab.freePort();
    InetSocketAddress target = new InetSocketAddress("127.0.0.1", closed);
    try (Socket socket = SocketRunner.open(open)) {
      HopRefusedException e =
          assertThrows(
              HopRefusedException.class,
              () -> SocketRunner.run(socket, Socks5Handshake.connect(context(open, null, target))));
      assertEquals(
          "hop 1 socks5h 127.0.0.1:" + open.port() + " -> 127.0.0.1:" + closed + ": connection refused (0x05)",
          e.getMessage());
      assertEquals(DirectFailure.REFUSED, e.directFailure());
    }
  }

  @Test
  void unresolvableNameIsUnknownHost() throws IOException {
    // microsocks answers 0x01 (general failure) when getaddrinfo fails.
    InetSocketAddress target = InetSocketAddress.createUnresolved("no-such-host.invalid", 80);
    try (Socket socket = SocketRunner.open(open)) {
      HopRefusedException e =
          assertThrows(
              HopRefusedException.class,
              () -> SocketRunner.run(socket, Socks5Handshake.connect(context(open, null, target))));
      assertEquals(
          "hop 1 socks5h 127.0.0.1:" + open.port() + " -> no-such-host.invalid:80: general SOCKS server failure (0x01)",
          e.getMessage());
      assertEquals(DirectFailure.UNKNOWN_HOST, e.directFailure());
    }
  }

  @Test
  void bindAndUdpAssociateAreNotSupported() throws IOException {
    try (Socket socket = SocketRunner.open(open)) {
      HopRefusedException e =
          assertThrows(
              HopRefusedException.class,
              () -> SocketRunner.run(socket, Socks5Bind.bind(context(open, null, destination.address()))));
      assertTrue(e.getMessage().endsWith(": command not supported (0x07)"), e.getMessage());
    }
    try (Socket socket = SocketRunner.open(open)) {
      HopRefusedException e =
          assertThrows(
              HopRefusedException.class,
              () ->
                  SocketRunner.run(
                      socket, Socks5UdpAssociate.associate(context(open, null, destination.address()))));
      assertTrue(e.getMessage().endsWith(": command not supported (0x07)"), e.getMessage());
    }
  }

  @Test
  void connectsWithTheRightPassword() throws IOException {
    try (Socket socket = SocketRunner.open(auth)) {
      SocketRunner.run(
          socket,
          Socks5Handshake.connect(context(auth, new Credentials(USER, PASSWORD), destination.address())));
      SocketRunner.assertTunnel(socket, EGRESS);
    }
  }

  @Test
  void wrongPasswordIsAuthenticationFailedWithoutThePassword() throws IOException {
    try (Socket socket = SocketRunner.open(auth)) {
      HopRefusedException e =
          assertThrows(
              HopRefusedException.class,
              () ->
                  SocketRunner.run(
                      socket,
                      Socks5Handshake.connect(
                          context(auth, new Credentials(USER, "wrong-" + PASSWORD), destination.address()))));
      // microsocks answers the status 0x02 (its "not allowed" code); any non-zero status is a failure.
      assertEquals(
          "hop 1 socks5h 127.0.0.1:" + auth.port() + " -> 127.0.0.1:" + destination.port()
              + ": authentication failed (0x02)",
          e.getMessage());
      assertFalse(e.getMessage().contains(PASSWORD));
    }
  }

  @Test
  void noCredentialsForAnAuthenticatingProxyIsNoAcceptableMethod() throws IOException {
    try (Socket socket = SocketRunner.open(auth)) {
      HopRefusedException e =
          assertThrows(
              HopRefusedException.class,
              () -> SocketRunner.run(socket, Socks5Handshake.connect(context(auth, null, destination.address()))));
      assertEquals(
          "hop 1 socks5h 127.0.0.1:" + auth.port() + " -> " + "127.0.0.1:" + destination.port()
              + ": no acceptable authentication method (0xff)",
          e.getMessage());
    }
  }
}
