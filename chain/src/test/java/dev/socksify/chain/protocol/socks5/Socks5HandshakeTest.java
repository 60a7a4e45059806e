package dev.socksify.chain.protocol.socks5;

import static dev.socksify.chain.protocol.Wire.array;
import static dev.socksify.chain.protocol.Wire.ascii;
import static dev.socksify.chain.protocol.Wire.assertBytes;
import static dev.socksify.chain.protocol.Wire.bytes;
import static dev.socksify.chain.protocol.Wire.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.socksify.chain.protocol.ClientHandshake;
import dev.socksify.chain.protocol.Wire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Socks5HandshakeTest {
  static final Hop HOP = new Hop(ProxyType.SOCKS5, "10.0.0.5", 1080);
  static final Hop AUTH_HOP = HOP.withCredentials(new Credentials("alice", "s3cret-pw"));
  static final InetSocketAddress NAMED = InetSocketAddress.createUnresolved("db.internal", 5432);
  static final String PREFIX = "hop 2 socks5 10.0.0.5:1080 -> db.internal:5432: ";

  static final byte[] GREETING = bytes(0x05, 0x01, 0x00);
  static final byte[] GREETING_AUTH = bytes(0x05, 0x02, 0x00, 0x02);
  static final byte[] CHOOSE_NONE = bytes(0x05, 0x00);
  static final byte[] CHOOSE_PASSWORD = bytes(0x05, 0x02);
  static final byte[] AUTH_REQUEST = concat(bytes(0x01, 5), ascii("alice"), bytes(9), ascii("s3cret-pw"));
  static final byte[] AUTH_OK = bytes(0x01, 0x00);
  static final byte[] CONNECT_NAMED =
      concat(bytes(0x05, 0x01, 0x00, 0x03, 11), ascii("db.internal"), bytes(0x15, 0x38));
  static final byte[] REPLY_V4 = bytes(0x05, 0x00, 0x00, 0x01, 10, 0, 0, 5, 0xc3, 0x50);
  static final byte[] SURPLUS = ascii("SSH-2.0-tunnelled bytes");

  static HopContext context(Hop hop, InetSocketAddress target) {
    return new HopContext(2, hop, target);
  }

  /** Runs {@code handshake} the three ways a runner may, checking sent bytes and the bound address each time. */
  static void runAllWays(
      Supplier<? extends ClientHandshake> handshake, byte[] server, byte[] expectedSent, InetSocketAddress bound)
      throws ChainException {
    byte[] withSurplus = concat(server, SURPLUS);
    ClientHandshake exact = handshake.get();
    assertBytes(expectedSent, Wire.runExact(exact, withSurplus, server.length));
    assertEquals(bound, exact.boundAddress());
    ClientHandshake slow = handshake.get();
    assertBytes(expectedSent, Wire.runByteByByte(slow, server));
    assertEquals(bound, slow.boundAddress());
    ClientHandshake fast = handshake.get();
    assertBytes(expectedSent, Wire.runAllAtOnce(fast, withSurplus, server.length));
    assertEquals(bound, fast.boundAddress());
  }

  @Test
  void connectsToNameWithoutAuthentication() throws Exception {
    runAllWays(
        () -> Socks5Handshake.connect(context(HOP, NAMED)),
        concat(CHOOSE_NONE, REPLY_V4),
        concat(GREETING, CONNECT_NAMED),
        new InetSocketAddress(InetAddress.getByAddress(bytes(10, 0, 0, 5)), 50000));
  }

  @Test
  void connectsWithUsernameAndPassword() throws Exception {
    runAllWays(
        () -> Socks5Handshake.connect(context(AUTH_HOP, NAMED)),
        concat(CHOOSE_PASSWORD, AUTH_OK, REPLY_V4),
        concat(GREETING_AUTH, AUTH_REQUEST, CONNECT_NAMED),
        new InetSocketAddress(InetAddress.getByAddress(bytes(10, 0, 0, 5)), 50000));
  }

  @Test
  void serverMayChooseNoAuthenticationWhenCredentialsAreOffered() throws Exception {
    runAllWays(
        () -> Socks5Handshake.connect(context(AUTH_HOP, NAMED)),
        concat(CHOOSE_NONE, REPLY_V4),
        concat(GREETING_AUTH, CONNECT_NAMED),
        new InetSocketAddress(InetAddress.getByAddress(bytes(10, 0, 0, 5)), 50000));
  }

  @ParameterizedTest
  @CsvSource({
    "0x01, general SOCKS server failure, REFUSED",
    "0x02, connection not allowed by ruleset, REFUSED",
    "0x03, network unreachable, NO_ROUTE",
    "0x04, host unreachable, NO_ROUTE",
    "0x05, connection refused, REFUSED",
    "0x06, TTL expired, TIMEOUT",
    "0x07, command not supported, REFUSED",
    "0x08, address type not supported, REFUSED",
    "0x09, unassigned reply code, REFUSED",
    "0xff, unassigned reply code, REFUSED"
  })
  void everyReplyCodeToAnAddressIsARefusalNamingHopAndCode(String code, String meaning, DirectFailure failure)
      throws Exception {
    int rep = Integer.decode(code);
    InetSocketAddress target = new InetSocketAddress(InetAddress.getByAddress(bytes(10, 1, 2, 3)), 5432);
    Socks5Handshake handshake = Socks5Handshake.connect(context(HOP, target));
    handshake.start();
    handshake.receive(ByteBuffer.wrap(CHOOSE_NONE));
    HopRefusedException e =
        assertThrows(
            HopRefusedException.class,
            () -> handshake.receive(ByteBuffer.wrap(bytes(0x05, rep, 0x00, 0x01, 0, 0, 0, 0, 0, 0))));
    assertEquals("hop 2 socks5 10.0.0.5:1080 -> 10.1.2.3:5432: " + meaning + " (" + code + ")", e.getMessage());
    assertEquals(rep, e.replyCode());
    assertEquals(failure, e.directFailure());
  }

  @ParameterizedTest
  @CsvSource({
    "0x01, general SOCKS server failure, UNKNOWN_HOST",
    "0x03, network unreachable, NO_ROUTE",
    "0x04, host unreachable, UNKNOWN_HOST",
    "0x05, connection refused, REFUSED",
    "0x06, TTL expired, TIMEOUT"
  })
  void replyCodesForANameMapToUnknownHostWhereServersUseThem(String code, String meaning, DirectFailure failure)
      throws Exception {
    int rep = Integer.decode(code);
    Socks5Handshake handshake = Socks5Handshake.connect(context(HOP, NAMED));
    handshake.start();
    // The refusal is decided on the second octet: a server that closes right after it is still understood.
    HopRefusedException e =
        assertThrows(
            HopRefusedException.class, () -> handshake.receive(ByteBuffer.wrap(concat(CHOOSE_NONE, bytes(5, rep)))));
    assertEquals(PREFIX + meaning + " (" + code + ")", e.getMessage());
    assertEquals(failure, e.directFailure());
  }

  @Test
  void connectionRefusedMessageIsExact() throws Exception {
    Socks5Handshake handshake = Socks5Handshake.connect(context(HOP, NAMED));
    handshake.start();
    ChainException e =
        assertThrows(
            HopRefusedException.class,
            () -> handshake.receive(ByteBuffer.wrap(concat(CHOOSE_NONE, bytes(5, 5, 0, 1, 0, 0, 0, 0, 0, 0)))));
    assertEquals("hop 2 socks5 10.0.0.5:1080 -> db.internal:5432: connection refused (0x05)", e.getMessage());
    assertTrue(e.asDirectException() instanceof java.net.ConnectException);
    assertFalse(handshake.isDone());
    assertEquals(0, handshake.bytesNeeded());
  }

  @Test
  void noAcceptableMethodIsARefusal() throws Exception {
    Socks5Handshake handshake = Socks5Handshake.connect(context(HOP, NAMED));
    handshake.start();
    HopRefusedException e =
        assertThrows(HopRefusedException.class, () -> handshake.receive(ByteBuffer.wrap(bytes(0x05, 0xff))));
    assertEquals(PREFIX + "no acceptable authentication method (0xff)", e.getMessage());
  }

  @Test
  void wrongPasswordIsARefusalWithoutTheCredentials() throws Exception {
    Socks5Handshake handshake = Socks5Handshake.connect(context(AUTH_HOP, NAMED));
    assertBytes(GREETING_AUTH, array(handshake.start()));
    assertBytes(AUTH_REQUEST, array(handshake.receive(ByteBuffer.wrap(CHOOSE_PASSWORD))));
    HopRefusedException e =
        assertThrows(HopRefusedException.class, () -> handshake.receive(ByteBuffer.wrap(bytes(0x01, 0x01))));
    assertEquals(PREFIX + "authentication failed (0x01)", e.getMessage());
    assertEquals(DirectFailure.REFUSED, e.directFailure());
    assertFalse(e.getMessage().contains("s3cret"));
    assertFalse(handshake.toString().contains("s3cret"));
  }

  @Test
  void connectsToIpv4AndIpv6TargetsAndParsesEveryBoundAddressType() throws Exception {
    InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 443);
    InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 8443);
    byte[] v6Octets = bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    runAllWays(
        () -> Socks5Handshake.connect(context(HOP, v4)),
        concat(CHOOSE_NONE, bytes(0x05, 0x00, 0x00, 0x04), v6Octets, bytes(0x04, 0x38)),
        concat(GREETING, bytes(0x05, 0x01, 0x00, 0x01, 192, 0, 2, 7, 0x01, 0xbb)),
        new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 1080));
    runAllWays(
        () -> Socks5Handshake.connect(context(HOP, v6)),
        concat(CHOOSE_NONE, bytes(0x05, 0x00, 0x00, 0x03, 9), ascii("relay.lan"), bytes(0x00, 0x50)),
        concat(GREETING, bytes(0x05, 0x01, 0x00, 0x04), v6Octets, bytes(0x20, 0xfb)),
        InetSocketAddress.createUnresolved("relay.lan", 80));
  }

  @Test
  void reservedOctetInReplyIsIgnored() throws Exception {
    // RSV carries nothing; Netty and curl skip it, so garbage there is tolerated by design.
    runAllWays(
        () -> Socks5Handshake.connect(context(HOP, NAMED)),
        concat(CHOOSE_NONE, bytes(0x05, 0x00, 0xee, 0x01, 0, 0, 0, 0, 0, 0)),
        concat(GREETING, CONNECT_NAMED),
        new InetSocketAddress(InetAddress.getByAddress(bytes(0, 0, 0, 0)), 0));
  }

  @Test
  void authenticationReplyVersionFiveIsTolerated() throws Exception {
    runAllWays(
        () -> Socks5Handshake.connect(context(AUTH_HOP, NAMED)),
        concat(CHOOSE_PASSWORD, bytes(0x05, 0x00), REPLY_V4),
        concat(GREETING_AUTH, AUTH_REQUEST, CONNECT_NAMED),
        new InetSocketAddress(InetAddress.getByAddress(bytes(10, 0, 0, 5)), 50000));
  }

  @Test
  void nameOf255BytesIsSentAndOf256FailsBeforeSending() throws Exception {
    String longest = "a".repeat(255);
    Socks5Handshake ok = Socks5Handshake.connect(context(HOP, InetSocketAddress.createUnresolved(longest, 80)));
    ok.start();
    byte[] request = array(ok.receive(ByteBuffer.wrap(CHOOSE_NONE)));
    assertBytes(concat(bytes(0x05, 0x01, 0x00, 0x03, 0xff), ascii(longest), bytes(0x00, 0x50)), request);

    String tooLong = "b".repeat(256);
    Socks5Handshake handshake = Socks5Handshake.connect(context(HOP, InetSocketAddress.createUnresolved(tooLong, 80)));
    HopRefusedException e = assertThrows(HopRefusedException.class, handshake::start);
    assertEquals(
        "hop 2 socks5 10.0.0.5:1080 -> " + tooLong + ":80: host name of 256 bytes cannot be sent over socks5"
            + " (at most 255)",
        e.getMessage());
    assertEquals(DirectFailure.UNKNOWN_HOST, e.directFailure());
    assertEquals(0, handshake.bytesNeeded());
  }

  @Test
  void overlongCredentialsFailBeforeSendingAndAreNotShown() {
    String password = "p".repeat(256);
    Socks5Handshake handshake =
        Socks5Handshake.connect(context(HOP.withCredentials(new Credentials("alice", password)), NAMED));
    HopRefusedException e = assertThrows(HopRefusedException.class, handshake::start);
    assertEquals(PREFIX + "password longer than 255 bytes cannot be sent (RFC 1929)", e.getMessage());
    assertFalse(e.getMessage().contains("ppp"));
  }

  @ParameterizedTest
  @CsvSource({
    "04 5a, 'not a socks5 server (reply version 0x04, expected 0x05)'",
    "48 54, 'not a socks5 server (reply version 0x48, expected 0x05)'",
    "05 01, 'proxy chose authentication method 0x01, which was not offered'",
    "05 02, 'proxy chose authentication method 0x02, which was not offered'",
    "05 80, 'proxy chose authentication method 0x80, which was not offered'"
  })
  void hostileMethodRepliesAreProtocolErrors(String reply, String what) throws Exception {
    Socks5Handshake handshake = Socks5Handshake.connect(context(HOP, NAMED));
    handshake.start();
    HopUnreachableException e =
        assertThrows(
            HopUnreachableException.class,
            () -> handshake.receive(ByteBuffer.wrap(java.util.HexFormat.ofDelimiter(" ").parseHex(reply))));
    assertEquals(PREFIX + "protocol error: " + what, e.getMessage());
    assertEquals(DirectFailure.REFUSED, e.directFailure());
  }

  @ParameterizedTest
  @CsvSource({
    "04 00 00 01, bad reply version 0x04 (expected 0x05)",
    "05 00 00 00, unknown address type 0x00 in reply",
    "05 00 00 02, unknown address type 0x02 in reply",
    "05 00 00 05, unknown address type 0x05 in reply",
    "05 00 00 ff, unknown address type 0xff in reply",
    "05 00 00 03 00, empty domain name in reply"
  })
  void hostileCommandRepliesAreProtocolErrors(String reply, String what) throws Exception {
    byte[] octets = java.util.HexFormat.ofDelimiter(" ").parseHex(reply);
    for (boolean oneByOne : new boolean[] {false, true}) {
      Socks5Handshake handshake = Socks5Handshake.connect(context(HOP, NAMED));
      handshake.start();
      handshake.receive(ByteBuffer.wrap(CHOOSE_NONE));
      HopUnreachableException e =
          assertThrows(
              HopUnreachableException.class,
              () -> {
                for (int i = 0; i < octets.length; i++) {
                  handshake.receive(ByteBuffer.wrap(octets, oneByOne ? i : 0, oneByOne ? 1 : octets.length));
                  if (!oneByOne) {
                    break;
                  }
                }
              });
      assertEquals(PREFIX + "protocol error: " + what, e.getMessage());
    }
  }

  @Test
  void badAuthenticationReplyVersionIsAProtocolError() throws Exception {
    Socks5Handshake handshake = Socks5Handshake.connect(context(AUTH_HOP, NAMED));
    handshake.start();
    handshake.receive(ByteBuffer.wrap(CHOOSE_PASSWORD));
    HopUnreachableException e =
        assertThrows(HopUnreachableException.class, () -> handshake.receive(ByteBuffer.wrap(bytes(0x00, 0x00))));
    assertEquals(PREFIX + "protocol error: bad authentication reply version 0x00 (expected 0x01)", e.getMessage());
  }

  @Test
  void domainReplyAsksForExactlyItsLength() throws Exception {
    Socks5Handshake handshake = Socks5Handshake.connect(context(HOP, NAMED));
    handshake.start();
    assertEquals(2, handshake.bytesNeeded());
    handshake.receive(ByteBuffer.wrap(CHOOSE_NONE));
    assertEquals(4, handshake.bytesNeeded());
    handshake.receive(ByteBuffer.wrap(bytes(0x05, 0x00, 0x00, 0x03)));
    assertEquals(1, handshake.bytesNeeded());
    handshake.receive(ByteBuffer.wrap(bytes(200)));
    assertEquals(202, handshake.bytesNeeded());
    handshake.receive(ByteBuffer.wrap(new byte[150]));
    assertEquals(52, handshake.bytesNeeded());
    handshake.receive(ByteBuffer.wrap(new byte[52]));
    assertTrue(handshake.isDone());
    assertEquals(200, handshake.boundAddress().getHostString().length());
  }

  @Test
  void misuseIsAnIllegalState() throws Exception {
    Socks5Handshake handshake = Socks5Handshake.connect(context(HOP, NAMED));
    assertThrows(IllegalStateException.class, () -> handshake.receive(ByteBuffer.wrap(CHOOSE_NONE)));
    handshake.start();
    assertThrows(IllegalStateException.class, handshake::start);
  }

  @Test
  void toStringNamesCommandAndHopButNoPassword() {
    Socks5Handshake handshake = Socks5Handshake.connect(context(AUTH_HOP, NAMED));
    assertEquals("socks5 CONNECT hop 2 socks5 10.0.0.5:1080 -> db.internal:5432 [NEW]", handshake.toString());
  }
}
