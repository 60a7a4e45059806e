package dev.socksify.chain.protocol.http;

import static dev.socksify.chain.protocol.Wire.array;
import static dev.socksify.chain.protocol.Wire.ascii;
import static dev.socksify.chain.protocol.Wire.assertBytes;
import static dev.socksify.chain.protocol.Wire.bytes;
import static dev.socksify.chain.protocol.Wire.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.ChainException;
import dev.socksify.chain.Credentials;
import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.protocol.Wire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpConnectHandshakeTest {
  static final Hop HOP = new Hop(ProxyType.HTTP, "10.0.0.8", 3128);
  static final Hop AUTH_HOP = HOP.withCredentials(new Credentials("alice", "s3cret-pw"));
  static final InetSocketAddress NAMED = InetSocketAddress.createUnresolved("db.internal", 5432);
  static final String PREFIX = "hop 2 http 10.0.0.8:3128 -> db.internal:5432: ";
  static final byte[] OK = ascii("HTTP/1.1 200 Connection established\r\nVia: 1.1 proxy\r\n\r\n");
  static final byte[] SURPLUS = ascii("\r\n\r\nSSH-2.0-server\r\n");

  static HttpConnectHandshake handshake(Hop hop, InetSocketAddress target) {
    return HttpConnectHandshake.connect(new HopContext(2, hop, target));
  }

  static void runAllWays(Hop hop, InetSocketAddress target, byte[] reply, String expectedRequest)
      throws ChainException {
    byte[] withSurplus = concat(reply, SURPLUS);
    HttpConnectHandshake exact = handshake(hop, target);
    assertBytes(ascii(expectedRequest), Wire.runExact(exact, withSurplus, reply.length));
    assertNull(exact.boundAddress());
    assertBytes(ascii(expectedRequest), Wire.runByteByByte(handshake(hop, target), reply));
    assertBytes(ascii(expectedRequest), Wire.runAllAtOnce(handshake(hop, target), withSurplus, reply.length));
  }

  @Test
  void connectsToANameAndNeverReadsPastTheBlankLine() throws Exception {
    runAllWays(
        HOP, NAMED, OK, "CONNECT db.internal:5432 HTTP/1.1\r\nHost: db.internal:5432\r\n\r\n");
  }

  @Test
  void sendsBasicCredentials() throws Exception {
    String basic = Base64.getEncoder().encodeToString(ascii("alice:s3cret-pw"));
    assertEquals("YWxpY2U6czNjcmV0LXB3", basic);
    runAllWays(
        AUTH_HOP,
        NAMED,
        OK,
        "CONNECT db.internal:5432 HTTP/1.1\r\nHost: db.internal:5432\r\nProxy-Authorization: Basic "
            + basic
            + "\r\n\r\n");
  }

  @Test
  void addressesAreLiteralsWithIpv6InBrackets() throws Exception {
    InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByAddress(bytes(192, 0, 2, 7)), 443);
    runAllWays(HOP, v4, OK, "CONNECT 192.0.2.7:443 HTTP/1.1\r\nHost: 192.0.2.7:443\r\n\r\n");
    InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 443);
    runAllWays(
        HOP,
        v6,
        OK,
        "CONNECT [2001:db8:0:0:0:0:0:1]:443 HTTP/1.1\r\nHost: [2001:db8:0:0:0:0:0:1]:443\r\n\r\n");
    InetSocketAddress scoped = new InetSocketAddress(InetAddress.getByName("fe80::1%1"), 22);
    runAllWays(
        HOP, scoped, OK, "CONNECT [fe80:0:0:0:0:0:0:1]:22 HTTP/1.1\r\nHost: [fe80:0:0:0:0:0:0:1]:22\r\n\r\n");
  }

  @Test
  void anyTwoHundredOpensTheTunnel() throws Exception {
    String request = "CONNECT db.internal:5432 HTTP/1.1\r\nHost: db.internal:5432\r\n\r\n";
    runAllWays(HOP, NAMED, ascii("HTTP/1.0 200 Connection established\r\n\r\n"), request);
    runAllWays(HOP, NAMED, ascii("HTTP/1.1 200\r\n\r\n"), request);
    runAllWays(HOP, NAMED, ascii("HTTP/1.1 204 No Content\r\nX: a\r\nY: b\r\n\r\n"), request);
    runAllWays(HOP, NAMED, ascii("HTTP/1.1 299 \r\n\r\n"), request);
  }

  @Test
  void bytesNeededIsNeverMoreThanTheShortestPossibleRest() throws Exception {
    HttpConnectHandshake handshake = handshake(HOP, NAMED);
    handshake.start();
    assertEquals(16, handshake.bytesNeeded());
    handshake.receive(ByteBuffer.wrap(ascii("HTTP/1.1 200 OK\r")));
    assertEquals(3, handshake.bytesNeeded());
    handshake.receive(ByteBuffer.wrap(ascii("\n")));
    assertEquals(2, handshake.bytesNeeded());
    handshake.receive(ByteBuffer.wrap(ascii("X")));
    assertEquals(4, handshake.bytesNeeded());
    handshake.receive(ByteBuffer.wrap(ascii("\r\n\r")));
    assertEquals(1, handshake.bytesNeeded());
    handshake.receive(ByteBuffer.wrap(ascii("\n")));
    assertTrue(handshake.isDone());
    assertEquals(0, handshake.bytesNeeded());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "HTTP/1.1 407 Proxy Authentication Required | 407 | proxy authentication required | REFUSED",
        "HTTP/1.0 403 Forbidden | 403 | forbidden | REFUSED",
        "HTTP/1.1 404 Not Found | 404 | not found | REFUSED",
        "HTTP/1.1 502 Bad Gateway | 502 | bad gateway | REFUSED",
        "HTTP/1.1 503 Service Unavailable | 503 | service unavailable | REFUSED",
        "HTTP/1.1 504 Gateway Timeout | 504 | gateway timeout | TIMEOUT",
        "HTTP/1.1 500 Unable to connect | 500 | internal server error: \"Unable to connect\" | REFUSED",
        "HTTP/1.1 599 Custom\tReason | 599 | \"Custom?Reason\" | REFUSED",
        "HTTP/1.1 418 | 418 | unexpected status | REFUSED",
        "HTTP/1.1 101 Switching Protocols | 101 | \"Switching Protocols\" | REFUSED",
        "HTTP/1.1 302 Found | 302 | \"Found\" | REFUSED"
      })
  void nonTwoHundredIsARefusalWithStatusAndReason(
      String statusLine, int status, String meaning, DirectFailure failure) throws Exception {
    byte[] reply = ascii(statusLine + "\r\nProxy-Authenticate: Basic realm=\"x\"\r\n\r\n");
    for (boolean oneByOne : new boolean[] {false, true}) {
      HttpConnectHandshake handshake = handshake(AUTH_HOP, NAMED);
      handshake.start();
      HopRefusedException e = assertThrows(HopRefusedException.class, () -> feed(handshake, reply, oneByOne));
      assertEquals(PREFIX + meaning + " (" + status + ")", e.getMessage());
      assertEquals(status, e.replyCode());
      assertEquals(failure, e.directFailure());
      assertFalse(e.getMessage().contains("s3cret") || e.getMessage().contains("YWxpY2U6czNjcmV0LXB3"));
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SSH-2.0-OpenSSH\\r\\n | not an HTTP response: \"S\"",
        "http/1.1 200 OK\\r\\n\\r\\n | not an HTTP response: \"h\"",
        "HTTP 200 OK\\r\\n\\r\\n | not an HTTP response: \"HTTP \"",
        "HTTP/1.1 200 OK\\n\\n | status line ends in a bare LF: \"HTTP/1.1 200 OK\"",
        "HTTP/1.1 2000 OK\\r\\n\\r\\n | malformed status line \"HTTP/1.1 2000 OK\"",
        "HTTP/1.1 abc\\r\\n\\r\\n | malformed status line \"HTTP/1.1 abc\"",
        "HTTP/x.y 200 OK\\r\\n\\r\\n | malformed status line \"HTTP/x.y 200 OK\"",
      })
  void hostileStatusLinesAreProtocolErrors(String reply, String what) throws Exception {
    byte[] octets = ascii(reply.replace("\\r", "\r").replace("\\n", "\n"));
    for (boolean oneByOne : new boolean[] {false, true}) {
      HttpConnectHandshake handshake = handshake(HOP, NAMED);
      handshake.start();
      HopUnreachableException e =
          assertThrows(HopUnreachableException.class, () -> feed(handshake, octets, oneByOne));
      assertEquals(PREFIX + "protocol error: " + what, e.getMessage());
    }
  }

  @Test
  void socks5ReplyIsNotHttp() throws Exception {
    HttpConnectHandshake handshake = handshake(HOP, NAMED);
    handshake.start();
    HopUnreachableException e =
        assertThrows(HopUnreachableException.class, () -> handshake.receive(ByteBuffer.wrap(bytes(0x05, 0x00))));
    assertEquals(PREFIX + "protocol error: not an HTTP response: \"?\"", e.getMessage());
  }

  @Test
  void megabyteStatusLineFailsAfterEightKibibytes() throws Exception {
    byte[] huge = new byte[1024 * 1024];
    Arrays.fill(huge, (byte) 'x');
    System.arraycopy(ascii("HTTP/1.1 200 "), 0, huge, 0, 13);
    for (int chunk : new int[] {huge.length, 4, 1}) {
      HttpConnectHandshake handshake = handshake(HOP, NAMED);
      handshake.start();
      ByteBuffer in = ByteBuffer.wrap(huge);
      HopUnreachableException e =
          assertThrows(
              HopUnreachableException.class,
              () -> {
                while (in.hasRemaining()) {
                  ByteBuffer piece = in.slice(in.position(), Math.min(chunk, in.remaining()));
                  try {
                    handshake.receive(piece);
                  } finally {
                    in.position(in.position() + piece.position());
                  }
                }
              });
      assertEquals(PREFIX + "protocol error: response header longer than 8192 bytes", e.getMessage());
      assertEquals(8193, in.position(), "consumed up to the first octet past the cap, then stopped");
    }
  }

  @Test
  void endlessHeaderLinesFailAfterEightKibibytes() throws Exception {
    HttpConnectHandshake handshake = handshake(HOP, NAMED);
    handshake.start();
    handshake.receive(ByteBuffer.wrap(ascii("HTTP/1.1 200 OK\r\n")));
    ByteBuffer line = ByteBuffer.wrap(ascii("X-Filler: 0123456789\r\n"));
    HopUnreachableException e =
        assertThrows(
            HopUnreachableException.class,
            () -> {
              for (int i = 0; i < 1000; i++) {
                handshake.receive(line.duplicate());
              }
            });
    assertEquals(PREFIX + "protocol error: response header longer than 8192 bytes", e.getMessage());
  }

  @Test
  void headerOfExactlyEightKibibytesIsAccepted() throws Exception {
    String start = "HTTP/1.1 200 OK\r\nX: ";
    String end = "\r\n\r\n";
    int filler = HttpConnectHandshake.MAX_HEADER_BYTES - start.length() - end.length();
    byte[] reply = ascii(start + "y".repeat(filler) + end);
    assertEquals(8192, reply.length);
    HttpConnectHandshake handshake = handshake(HOP, NAMED);
    Wire.runExact(handshake, concat(reply, SURPLUS), reply.length);
    assertTrue(handshake.isDone());
  }

  @Test
  void namesThatWouldInjectHeadersAreRefusedBeforeSending() {
    for (String name : new String[] {"evil\r\nX-Injected: 1", "a b", "", "caf\u00e9.example"}) {
      HttpConnectHandshake handshake = handshake(HOP, InetSocketAddress.createUnresolved(name, 80));
      HopRefusedException e = assertThrows(HopRefusedException.class, handshake::start);
      assertTrue(e.getMessage().endsWith(": host name cannot be sent in an HTTP request line"), e.getMessage());
      assertEquals(DirectFailure.UNKNOWN_HOST, e.directFailure());
      assertEquals(0, handshake.bytesNeeded());
    }
  }

  @Test
  void userWithColonCannotBeSentAndNothingSecretIsShown() {
    Hop hop = HOP.withCredentials(new Credentials("ali:ce", "s3cret-pw"));
    HttpConnectHandshake handshake = handshake(hop, NAMED);
    HopRefusedException e = assertThrows(HopRefusedException.class, handshake::start);
    assertEquals(PREFIX + "user name containing ':' cannot be sent with HTTP Basic (RFC 7617)", e.getMessage());
    assertEquals("http CONNECT hop 2 http 10.0.0.8:3128 -> db.internal:5432 [FAILED]", handshake.toString());
  }

  @Test
  void toStringHasNoCredentials() throws Exception {
    HttpConnectHandshake handshake = handshake(AUTH_HOP, NAMED);
    byte[] request = array(handshake.start());
    assertTrue(new String(request, java.nio.charset.StandardCharsets.US_ASCII).contains("Proxy-Authorization"));
    assertEquals("http CONNECT hop 2 http 10.0.0.8:3128 -> db.internal:5432 [STATUS_LINE]", handshake.toString());
  }

  private static void feed(HttpConnectHandshake handshake, byte[] octets, boolean oneByOne) throws ChainException {
    if (!oneByOne) {
      handshake.receive(ByteBuffer.wrap(octets));
      return;
    }
    for (int i = 0; i < octets.length && !handshake.isDone(); i++) {
      handshake.receive(ByteBuffer.wrap(octets, i, 1));
    }
  }
}
