package dev.socksify.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.testkit.EmbeddedProxyServer.Mode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Speaks raw bytes to the embedded servers: they must be right on their own, since they check the clients. */
class EmbeddedServersTest {
  private static final InetAddress EGRESS = address("127.0.0.12");

  private PeerEchoServer echo;

  @BeforeEach
  void startEcho() throws IOException {
    echo = new PeerEchoServer();
  }

  @AfterEach
  void stopEcho() {
    echo.close();
  }

  @Test
  void peerEchoSendsPeerLineThenEchoesAndHalfCloses() throws IOException {
    try (Socket s = connect(echo.address())) {
      String line = readLine(s.getInputStream());
      assertEquals(PeerEchoServer.peerLine((InetSocketAddress) s.getLocalSocketAddress()), line);
      s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
      s.shutdownOutput();
      assertEquals("ping", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
    }
    assertEquals(1, echo.connectionCount());
  }

  @Test
  void socks5ConnectsByDomainFromOutboundAddress() throws IOException {
    try (EmbeddedSocks5Server proxy = new EmbeddedSocks5Server().outboundFrom(EGRESS);
        Socket s = connect(proxy.address())) {
      proxy.mapHost("echo.test", InetAddress.getLoopbackAddress());
      OutputStream out = s.getOutputStream();
      DataInputStream in = new DataInputStream(s.getInputStream());
      out.write(new byte[] {5, 1, 0});
      assertArrayEquals(new byte[] {5, 0}, in.readNBytes(2));
      byte[] name = "echo.test".getBytes(StandardCharsets.US_ASCII);
      ByteBuffer req = ByteBuffer.allocate(7 + name.length);
      req.put(new byte[] {5, 1, 0, 3, (byte) name.length}).put(name).putShort((short) echo.port());
      out.write(req.array());
      byte[] reply = in.readNBytes(10);
      assertEquals(0, reply[1], "REP succeeded");
      assertEquals(1, reply[3], "ATYP IPv4");
      assertArrayEquals(EGRESS.getAddress(), Arrays.copyOfRange(reply, 4, 8));
      assertTrue(readLine(in).startsWith("peer=127.0.0.12:"));
      assertEquals(new RequestedTarget("echo.test", echo.port(), true), proxy.lastTarget());
      assertEchoes(s);
    }
  }

  @Test
  void socks5PasswordRightAndWrong() throws IOException {
    try (EmbeddedSocks5Server proxy = new EmbeddedSocks5Server().requireCredentials("alice", "s3cret")) {
      try (Socket s = connect(proxy.address())) {
        InputStream in = s.getInputStream();
        s.getOutputStream().write(new byte[] {5, 2, 0, 2});
        assertArrayEquals(new byte[] {5, 2}, in.readNBytes(2));
        s.getOutputStream().write(auth("alice", "s3cret"));
        assertArrayEquals(new byte[] {1, 0}, in.readNBytes(2));
        s.getOutputStream().write(ipv4Request(echo.port()));
        assertEquals(0, in.readNBytes(10)[1]);
        assertTrue(readLine(in).startsWith("peer=127.0.0.1:"));
      }
      try (Socket s = connect(proxy.address())) {
        InputStream in = s.getInputStream();
        s.getOutputStream().write(new byte[] {5, 1, 2});
        assertArrayEquals(new byte[] {5, 2}, in.readNBytes(2));
        s.getOutputStream().write(auth("alice", "wrong"));
        assertArrayEquals(new byte[] {1, 1}, in.readNBytes(2));
        assertEquals(-1, in.read());
      }
      try (Socket s = connect(proxy.address())) {
        s.getOutputStream().write(new byte[] {5, 1, 0});
        assertArrayEquals(new byte[] {5, (byte) 0xFF}, s.getInputStream().readNBytes(2));
      }
      assertEquals("alice", proxy.lastUser());
    }
  }

  @Test
  void socks5RefusesWithConfiguredCode() throws IOException {
    try (EmbeddedSocks5Server proxy = new EmbeddedSocks5Server(Mode.REFUSE);
        Socket s = connect(proxy.address())) {
      InputStream in = s.getInputStream();
      s.getOutputStream().write(new byte[] {5, 1, 0});
      in.readNBytes(2);
      s.getOutputStream().write(ipv4Request(echo.port()));
      assertEquals(5, in.readNBytes(10)[1], "connection refused");
      assertEquals(-1, in.read());
      assertEquals(0, echo.connectionCount());
    }
    try (EmbeddedSocks5Server proxy = new EmbeddedSocks5Server(Mode.REFUSE).refusalCode(2);
        Socket s = connect(proxy.address())) {
      InputStream in = s.getInputStream();
      s.getOutputStream().write(new byte[] {5, 1, 0});
      in.readNBytes(2);
      s.getOutputStream().write(ipv4Request(echo.port()));
      assertEquals(2, in.readNBytes(10)[1], "not allowed by ruleset");
    }
  }

  @Test
  void socks5OkReportsOnwardFailureAsConnectionRefused() throws IOException {
    int closedPort;
    try (PeerEchoServer gone = new PeerEchoServer()) {
      closedPort = gone.port();
    }
    try (EmbeddedSocks5Server proxy = new EmbeddedSocks5Server();
        Socket s = connect(proxy.address())) {
      InputStream in = s.getInputStream();
      s.getOutputStream().write(new byte[] {5, 1, 0});
      in.readNBytes(2);
      s.getOutputStream().write(ipv4Request(closedPort));
      assertEquals(5, in.readNBytes(10)[1]);
    }
  }

  @Test
  void hangNeverAnswersAndGarbageIsNotTheProtocol() throws IOException {
    try (EmbeddedSocks5Server proxy = new EmbeddedSocks5Server(Mode.HANG);
        Socket s = connect(proxy.address())) {
      s.setSoTimeout(300);
      s.getOutputStream().write(new byte[] {5, 1, 0});
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
    }
    try (EmbeddedSocks5Server proxy = new EmbeddedSocks5Server(Mode.GARBAGE);
        Socket s = connect(proxy.address())) {
      s.getOutputStream().write(new byte[] {5, 1, 0});
      int first = s.getInputStream().read();
      assertTrue(first != 5 && first >= 0, "first byte " + first);
    }
  }

  @Test
  void socks5BindListensReportsBothEndsAndRelays() throws IOException {
    try (EmbeddedSocks5Server proxy = new EmbeddedSocks5Server().outboundFrom(EGRESS);
        Socket s = connect(proxy.address())) {
      InputStream in = s.getInputStream();
      s.getOutputStream().write(new byte[] {5, 1, 0});
      in.readNBytes(2);
      s.getOutputStream().write(new byte[] {5, 2, 0, 1, 127, 0, 0, 1, 0, 0});
      ByteBuffer first = ByteBuffer.wrap(in.readNBytes(10));
      assertEquals(0, first.get(1), "first reply succeeded");
      byte[] addr = Arrays.copyOfRange(first.array(), 4, 8);
      assertArrayEquals(EGRESS.getAddress(), addr);
      int port = first.getShort(8) & 0xFFFF;
      try (Socket peer = new Socket()) {
        peer.bind(new InetSocketAddress(address("127.0.0.13"), 0));
        peer.connect(new InetSocketAddress(EGRESS, port), 5_000);
        ByteBuffer second = ByteBuffer.wrap(in.readNBytes(10));
        assertEquals(0, second.get(1), "second reply succeeded");
        assertArrayEquals(address("127.0.0.13").getAddress(), Arrays.copyOfRange(second.array(), 4, 8));
        assertEquals(peer.getLocalPort(), second.getShort(8) & 0xFFFF);
        peer.getOutputStream().write("from peer".getBytes(StandardCharsets.US_ASCII));
        peer.shutdownOutput();
        assertEquals("from peer", new String(in.readNBytes(9), StandardCharsets.US_ASCII));
      }
    }
  }

  @Test
  void socks4aSendsNameAndSocks4SendsAddress() throws IOException {
    try (EmbeddedSocks4Server proxy = new EmbeddedSocks4Server().outboundFrom(EGRESS)) {
      proxy.mapHost("echo.test", InetAddress.getLoopbackAddress());
      try (Socket s = connect(proxy.address())) {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.write(new byte[] {4, 1, (byte) (echo.port() >> 8), (byte) echo.port(), 0, 0, 0, 1});
        req.write("bob\0echo.test\0".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(req.toByteArray());
        byte[] reply = s.getInputStream().readNBytes(8);
        assertEquals(0, reply[0]);
        assertEquals(90, reply[1] & 0xFF);
        assertTrue(readLine(s.getInputStream()).startsWith("peer=127.0.0.12:"));
        assertEquals(new RequestedTarget("echo.test", echo.port(), true), proxy.lastTarget());
        assertEquals("bob", proxy.lastUserId());
        assertEchoes(s);
      }
      try (Socket s = connect(proxy.address())) {
        s.getOutputStream().write(new byte[] {4, 1, (byte) (echo.port() >> 8), (byte) echo.port(), 127, 0, 0, 1, 0});
        assertEquals(90, s.getInputStream().readNBytes(8)[1] & 0xFF);
        assertEquals(new RequestedTarget("127.0.0.1", echo.port(), false), proxy.lastTarget());
      }
    }
    try (EmbeddedSocks4Server proxy = new EmbeddedSocks4Server(Mode.REFUSE);
        Socket s = connect(proxy.address())) {
      s.getOutputStream().write(new byte[] {4, 1, (byte) (echo.port() >> 8), (byte) echo.port(), 127, 0, 0, 1, 0});
      assertEquals(91, s.getInputStream().readNBytes(8)[1] & 0xFF);
    }
  }

  @Test
  void httpConnectWithBasicAuthAndPipelinedBytes() throws IOException {
    try (EmbeddedHttpConnectServer proxy = new EmbeddedHttpConnectServer().requireCredentials("u", "p")) {
      try (Socket s = connect(proxy.address())) {
        s.getOutputStream().write(("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals("HTTP/1.1 407 Proxy Authentication Required", readLine(s.getInputStream()).trim());
      }
      try (Socket s = connect(proxy.address())) {
        String token = Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
        // the tunnelled bytes follow the request in the same write: the server must relay, not drop them
        s.getOutputStream()
            .write(("CONNECT localhost:" + echo.port() + " HTTP/1.1\r\nProxy-Authorization: Basic " + token
                    + "\r\n\r\nearly")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        assertEquals("HTTP/1.1 200 Connection established", readLine(in).trim());
        assertEquals("Proxy-Agent: socksify-testkit", readLine(in).trim());
        assertEquals("", readLine(in).trim());
        assertTrue(readLine(in).startsWith("peer=127.0.0.1:"));
        assertArrayEquals("early".getBytes(StandardCharsets.US_ASCII), in.readNBytes(5));
        assertEquals(new RequestedTarget("localhost", echo.port(), true), proxy.lastTarget());
        assertTrue(proxy.lastRequestHadAuthorization());
      }
    }
  }

  @Test
  void replyWithFirstBytesPutsDestinationBytesInTheReplyWrite() throws IOException {
    try (EmbeddedSocks4Server proxy = new EmbeddedSocks4Server().replyWithFirstBytes(true);
        Socket s = connect(proxy.address())) {
      s.getOutputStream().write(new byte[] {4, 1, (byte) (echo.port() >> 8), (byte) echo.port(), 127, 0, 0, 1, 0});
      byte[] all = new byte[256];
      int n = s.getInputStream().read(all);
      String afterReply = new String(all, 8, n - 8, StandardCharsets.US_ASCII);
      assertTrue(afterReply.startsWith("peer=127.0.0.1:"), afterReply);
    }
  }

  @Test
  void closeStopsEveryThreadAndFreesThePort() throws IOException, InterruptedException {
    EmbeddedSocks5Server proxy = new EmbeddedSocks5Server().outboundFrom(EGRESS);
    Socket hanging = connect(proxy.address());
    hanging.getOutputStream().write(new byte[] {5, 1, 0});
    hanging.getInputStream().readNBytes(2);
    hanging.getOutputStream().write(ipv4Request(echo.port()));
    hanging.getInputStream().readNBytes(10);
    assertTrue(readLine(hanging.getInputStream()).startsWith("peer="));
    String prefix = "socks5-embedded-" + proxy.port();
    assertFalse(threadsNamed(prefix).isEmpty());
    proxy.close();
    assertEquals(Set.of(), threadsNamed(prefix));
    assertEquals(-1, hanging.getInputStream().read(), "relay closed with the server");
    hanging.close();
    assertThrows(IOException.class, () -> connect(proxy.address()).close());
  }

  private static Set<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(prefix))
        .collect(Collectors.toSet());
  }

  private static void assertEchoes(Socket s) throws IOException {
    s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
    s.shutdownOutput();
    assertEquals("hello", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
  }

  private static byte[] ipv4Request(int port) {
    return new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port};
  }

  private static byte[] auth(String user, String password) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(1);
    b.write(user.length());
    b.writeBytes(user.getBytes(StandardCharsets.US_ASCII));
    b.write(password.length());
    b.writeBytes(password.getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  private static Socket connect(InetSocketAddress address) throws IOException {
    Socket s = new Socket();
    s.connect(address, 5_000);
    s.setSoTimeout(10_000);
    return s;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      sb.append((char) b);
    }
    return sb.toString();
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
