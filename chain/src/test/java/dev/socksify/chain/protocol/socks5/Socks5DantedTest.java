package dev.socksify.chain.protocol.socks5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.protocol.ClientHandshake;
import dev.socksify.chain.protocol.SocketRunner;
import dev.socksify.chain.protocol.Wire;
import dev.socksify.testkit.Lab;
import dev.socksify.testkit.PeerEchoServer;
import dev.socksify.testkit.peers.Danted;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SOCKS5 CONNECT, BIND (both replies) and UDP ASSOCIATE with the UDP header, against a real danted 1.4. */
class Socks5DantedTest {
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

  static HopContext context(InetSocketAddress target) {
    return new HopContext(1, new Hop(ProxyType.SOCKS5H, danted.host(), danted.port()), target);
  }

  @Test
  void connects() throws IOException {
    try (Socket socket = SocketRunner.open(danted)) {
      SocketRunner.run(socket, Socks5Handshake.connect(context(destination.address())));
      SocketRunner.assertTunnel(socket, EGRESS);
    }
  }

  @Test
  void unresolvableNameIsHostUnreachableAndMapsToUnknownHost() throws IOException {
    InetSocketAddress target = InetSocketAddress.createUnresolved("no-such-host.invalid", 80);
    try (Socket socket = SocketRunner.open(danted)) {
      HopRefusedException e =
          assertThrows(
              HopRefusedException.class, () -> SocketRunner.run(socket, Socks5Handshake.connect(context(target))));
      assertEquals(
          "hop 1 socks5h 127.0.0.1:" + danted.port() + " -> no-such-host.invalid:80: host unreachable (0x04)",
          e.getMessage());
      assertEquals(DirectFailure.UNKNOWN_HOST, e.directFailure());
    }
  }

  @Test
  void bindAcceptsThePeerAndReportsItInTheSecondReply() throws IOException {
    InetSocketAddress expectedPeer = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (Socket control = SocketRunner.open(danted)) {
      Socks5Bind bind = Socks5Bind.bind(context(expectedPeer));
      SocketRunner.run(control, bind);
      InetSocketAddress listening = bind.boundAddress();
      if (Socks5Address.isUnspecified(listening)) {
        listening = new InetSocketAddress(danted.host(), listening.getPort());
      }
      try (Socket peer = new Socket()) {
        peer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer.connect(listening);
        peer.setSoTimeout(SocketRunner.READ_TIMEOUT_MS);
        ClientHandshake second = bind.awaitPeer();
        SocketRunner.run(control, second);
        assertEquals(peer.getLocalSocketAddress(), second.boundAddress());

        peer.getOutputStream().write("from peer\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("from peer", line(control));
        control.getOutputStream().write("from client\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("from client", line(peer));
      }
    }
  }

  @Test
  void udpAssociateRelaysADatagramBothWays() throws IOException {
    try (DatagramSocket echo = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Socket control = SocketRunner.open(danted)) {
      echo.setSoTimeout(SocketRunner.READ_TIMEOUT_MS);
      client.setSoTimeout(SocketRunner.READ_TIMEOUT_MS);
      InetSocketAddress echoAddress = (InetSocketAddress) echo.getLocalSocketAddress();

      Socks5UdpAssociate associate = Socks5UdpAssociate.associate(context(echoAddress));
      SocketRunner.run(control, associate);
      InetSocketAddress relay = associate.relayAddress(InetAddress.getByName(danted.host()));

      byte[] request = Wire.array(Socks5UdpHeader.encode(echoAddress, ByteBuffer.wrap(Wire.ascii("hello udp"))));
      client.send(new DatagramPacket(request, request.length, relay));

      DatagramPacket atEcho = new DatagramPacket(new byte[2048], 2048);
      echo.receive(atEcho);
      assertEquals("hello udp", new String(atEcho.getData(), 0, atEcho.getLength(), StandardCharsets.US_ASCII));
      assertEquals(EGRESS, atEcho.getAddress().getHostAddress(), "left from danted's egress");
      echo.send(new DatagramPacket(Wire.ascii("hello back"), 10, atEcho.getSocketAddress()));

      DatagramPacket atClient = new DatagramPacket(new byte[2048], 2048);
      client.receive(atClient);
      Socks5UdpDatagram reply =
          Socks5UdpHeader.decode(ByteBuffer.wrap(atClient.getData(), 0, atClient.getLength())).orElseThrow();
      assertEquals(echoAddress, reply.address());
      assertEquals("hello back", StandardCharsets.US_ASCII.decode(reply.payload()).toString());
    }
  }

  private static String line(Socket socket) throws IOException {
    return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
  }
}
