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
}
