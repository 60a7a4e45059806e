package dev.socksify.chain.protocol.socks4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.protocol.SocketRunner;
import dev.socksify.testkit.Lab;
import dev.socksify.testkit.PeerEchoServer;
import dev.socksify.testkit.peers.Danted;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SOCKS4 CONNECT and BIND against a real danted 1.4, and its answer to SOCKS4a (which it does not speak). */
class Socks4DantedTest {
  static final String EGRESS = "127.0.0.11";

  static Danted danted;
  static PeerEchoServer destination;

  @BeforeAll
  static void start() throws IOException {
    Lab.requireCommand("danted");
    destination = new PeerEchoServer();
    danted = Danted.start(EGRESS);
  }

  @AfterAll
  static void stop() {
    if (danted != null) {
      danted.close();
    }
    if (destination != null) {
      destination.close();
    }
  }

  static HopContext context(ProxyType type, InetSocketAddress target) {
    return new HopContext(1, new Hop(type, danted.host(), danted.port()), target);
  }

  @Test
  void connects() throws IOException {
    try (Socket socket = SocketRunner.open(danted)) {
      SocketRunner.run(socket, Socks4Handshake.connect(context(ProxyType.SOCKS4, destination.address()), false));
      SocketRunner.assertTunnel(socket, EGRESS);
    }
  }

  @Test
  void socks4aNameIsRejectedByDanted() throws IOException {
    InetSocketAddress target = InetSocketAddress.createUnresolved("localhost", destination.port());
    try (Socket socket = SocketRunner.open(danted)) {
      HopRefusedException e =
          assertThrows(
              HopRefusedException.class,
              () -> SocketRunner.run(socket, Socks4Handshake.connect(context(ProxyType.SOCKS4A, target), true)));
      assertEquals(
          "hop 1 socks4a 127.0.0.1:" + danted.port() + " -> localhost:" + destination.port()
              + ": request rejected or failed (91)",
          e.getMessage());
    }
  }

  @Test
  void bindAcceptsThePeerAndReportsItInTheSecondReply() throws IOException {
    InetSocketAddress expectedPeer = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (Socket control = SocketRunner.open(danted)) {
      Socks4Handshake bind = Socks4Handshake.bind(context(ProxyType.SOCKS4, expectedPeer), false);
      SocketRunner.run(control, bind);
      InetSocketAddress listening = bind.boundAddress();
      if (listening.getAddress().isAnyLocalAddress()) {
        listening = new InetSocketAddress(danted.host(), listening.getPort());
      }
      try (Socket peer = new Socket()) {
        peer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer.connect(listening);
        peer.setSoTimeout(SocketRunner.READ_TIMEOUT_MS);
        Socks4Handshake second = bind.awaitPeer();
        SocketRunner.run(control, second);
        assertEquals(peer.getLocalSocketAddress(), second.boundAddress());

        peer.getOutputStream().write("from peer\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("from peer", line(control));
        control.getOutputStream().write("from client\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("from client", line(peer));
      }
    }
  }

  private static String line(Socket socket) throws IOException {
    return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
  }
}
