package dev.socksify.chain.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.socksify.chain.Credentials;
import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.protocol.SocketRunner;
import dev.socksify.testkit.Lab;
import dev.socksify.testkit.PeerEchoServer;
import dev.socksify.testkit.peers.RealPeer;
import dev.socksify.testkit.peers.Tinyproxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP CONNECT against a real tinyproxy 1.11, with and without BasicAuth. */
class HttpTinyproxyTest {
  static final String EGRESS = "127.0.0.41";
  static final String USER = "lab-user";
  static final String PASSWORD = "lab-pass-7617";

  static Tinyproxy open;
  static Tinyproxy auth;
  static PeerEchoServer destination;

  @BeforeAll
  static void start() throws IOException {
    Lab.requireCommand("tinyproxy");
    destination = new PeerEchoServer();
    open = Tinyproxy.start(EGRESS);
    auth = Tinyproxy.startWithAuth(EGRESS, USER, PASSWORD);
  }

  @AfterAll
  static void stop() {
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

  static HopContext context(RealPeer peer, Credentials credentials, InetSocketAddress target) {
    Hop hop = new Hop(ProxyType.HTTP, peer.host(), peer.port());
    return new HopContext(1, credentials == null ? hop : hop.withCredentials(credentials), target);
  }

  @Test
  void connectsWithoutReadingPastTheHeader() throws IOException {
    try (Socket socket = SocketRunner.open(open)) {
      SocketRunner.run(socket, HttpConnectHandshake.connect(context(open, null, destination.address())));
      SocketRunner.assertTunnel(socket, EGRESS);
    }
  }

  @Test
  void connectsWithBasicAuth() throws IOException {
    try (Socket socket = SocketRunner.open(auth)) {
      SocketRunner.run(
          socket,
          HttpConnectHandshake.connect(context(auth, new Credentials(USER, PASSWORD), destination.address())));
      SocketRunner.assertTunnel(socket, EGRESS);
    }
  }

  @Test
  void missingCredentialsAre407AndWrongOnes401() throws IOException {
    // tinyproxy 1.11 answers 407 without Proxy-Authorization but 401 (with WWW-Authenticate) for a wrong
    // password; both are refusals naming the status.
    String prefix = "hop 1 http 127.0.0.1:" + auth.port() + " -> 127.0.0.1:" + destination.port() + ": ";
    assertEquals(prefix + "proxy authentication required (407)", refusal(null).getMessage());
    HopRefusedException wrong = refusal(new Credentials(USER, "wrong-" + PASSWORD));
    assertEquals(prefix + "unauthorized (401)", wrong.getMessage());
    assertFalse(wrong.getMessage().contains(PASSWORD));
  }

  private static HopRefusedException refusal(Credentials credentials) throws IOException {
    try (Socket socket = SocketRunner.open(auth)) {
      return assertThrows(
          HopRefusedException.class,
          () ->
              SocketRunner.run(
                  socket, HttpConnectHandshake.connect(context(auth, credentials, destination.address()))));
    }
  }

  @Test
  void closedPortAndUnknownNameLookTheSame() throws IOException {
    // tinyproxy answers "500 Unable to connect" to both, so neither can be told apart (see HttpStatus).
    InetSocketAddress closed = new InetSocketAddress("127.0.0.1", Lab.freePort());
    InetSocketAddress unknown = InetSocketAddress.createUnresolved("no-such-host.invalid", 443);
    for (InetSocketAddress target : new InetSocketAddress[] {closed, unknown}) {
      try (Socket socket = SocketRunner.open(open)) {
        HopRefusedException e =
            assertThrows(
                HopRefusedException.class,
                () -> SocketRunner.run(socket, HttpConnectHandshake.connect(context(open, null, target))));
        assertEquals(
            "hop 1 http 127.0.0.1:" + open.port() + " -> " + dev.socksify.chain.Addresses.format(target)
                + ": internal server error: \"Unable to connect\" (500)",
            e.getMessage());
        assertEquals(DirectFailure.REFUSED, e.directFailure());
      }
    }
  }
}
