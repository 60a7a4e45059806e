package dev.socksify.chain.protocol.socks4;

import static dev.socksify.chain.protocol.Wire.array;
import static dev.socksify.chain.protocol.Wire.ascii;
import static dev.socksify.chain.protocol.Wire.assertBytes;
import static dev.socksify.chain.protocol.Wire.bytes;
import static dev.socksify.chain.protocol.Wire.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

class Socks4HandshakeTest {
  static final Hop HOP4 = new Hop(ProxyType.SOCKS4, "10.0.0.4", 1080);
  static final Hop HOP4A = new Hop(ProxyType.SOCKS4A, "10.0.0.4", 1080);
  static final InetSocketAddress NAMED = InetSocketAddress.createUnresolved("db.internal", 5432);
  static final byte[] GRANTED = bytes(0x00, 90, 0x00, 0x00, 0, 0, 0, 0);
  static final byte[] SURPLUS = ascii("tunnelled");

  static InetSocketAddress ipv4(int a, int b, int c, int d, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByAddress(bytes(a, b, c, d)), port);
  }

  static void runAllWays(
      Supplier<ClientHandshake> handshake, byte[] reply, byte[] expectedSent, InetSocketAddress bound)
      throws ChainException {
    byte[] withSurplus = concat(reply, SURPLUS);
    ClientHandshake exact = handshake.get();
    assertBytes(expectedSent, Wire.runExact(exact, withSurplus, reply.length));
    assertEquals(bound, exact.boundAddress());
    ClientHandshake slow = handshake.get();
    assertBytes(expectedSent, Wire.runByteByByte(slow, reply));
    assertEquals(bound, slow.boundAddress());
    ClientHandshake fast = handshake.get();
    assertBytes(expectedSent, Wire.runAllAtOnce(fast, withSurplus, reply.length));
    assertEquals(bound, fast.boundAddress());
  }

  @Test
  void connectsToIpv4WithEmptyUserId() throws Exception {
    InetSocketAddress target = ipv4(192, 0, 2, 7, 443);
    runAllWays(
        () -> Socks4Handshake.connect(new HopContext(1, HOP4, target), false),
        GRANTED,
        bytes(0x04, 0x01, 0x01, 0xbb, 192, 0, 2, 7, 0x00),
        ipv4(0, 0, 0, 0, 0));
  }

  @Test
  void userIdIsTheCredentialsUserAndThePasswordIsNeverSent() throws Exception {
    Hop hop = HOP4.withCredentials(new Credentials("bob", "hunter2"));
    InetSocketAddress target = ipv4(192, 0, 2, 7, 80);
    runAllWays(
        () -> Socks4Handshake.connect(new HopContext(1, hop, target), false),
        GRANTED,
        concat(bytes(0x04, 0x01, 0x00, 0x50, 192, 0, 2, 7), ascii("bob"), bytes(0x00)),
        ipv4(0, 0, 0, 0, 0));
  }

  @Test
  void socks4aSendsTheNameAfterAnInvalidAddress() throws Exception {
    runAllWays(
        () -> Socks4Handshake.connect(new HopContext(1, HOP4A, NAMED), true),
        bytes(0x00, 90, 0x15, 0x38, 10, 1, 2, 3),
        concat(bytes(0x04, 0x01, 0x15, 0x38, 0, 0, 0, 1, 0x00), ascii("db.internal"), bytes(0x00)),
        ipv4(10, 1, 2, 3, 5432));
  }

  @Test
  void socks4aSendsAnAddressAsAnAddress() throws Exception {
    InetSocketAddress target = ipv4(192, 0, 2, 7, 22);
    runAllWays(
        () -> Socks4Handshake.connect(new HopContext(1, HOP4A, target), true),
        GRANTED,
        bytes(0x04, 0x01, 0x00, 0x16, 192, 0, 2, 7, 0x00),
        ipv4(0, 0, 0, 0, 0));
  }

  @Test
  void replyVersionFourIsTolerated() throws Exception {
    InetSocketAddress target = ipv4(192, 0, 2, 7, 443);
    runAllWays(
        () -> Socks4Handshake.connect(new HopContext(1, HOP4, target), false),
        bytes(0x04, 90, 0x00, 0x00, 0, 0, 0, 0),
        bytes(0x04, 0x01, 0x01, 0xbb, 192, 0, 2, 7, 0x00),
        ipv4(0, 0, 0, 0, 0));
  }

  @Test
  void plainSocks4CannotCarryANameOrIpv6AndSaysSoBeforeSending() throws Exception {
    Socks4Handshake name = Socks4Handshake.connect(new HopContext(3, HOP4, NAMED), false);
    HopRefusedException e = assertThrows(HopRefusedException.class, name::start);
    assertEquals(
        "hop 3 socks4 10.0.0.4:1080 -> db.internal:5432: socks4 cannot carry a host name; use socks4a",
        e.getMessage());
    assertEquals(DirectFailure.UNKNOWN_HOST, e.directFailure());
    assertEquals(0, name.bytesNeeded());

    InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 443);
    for (Hop hop : new Hop[] {HOP4, HOP4A}) {
      Socks4Handshake handshake = Socks4Handshake.connect(new HopContext(1, hop, v6), hop == HOP4A);
      HopRefusedException v6Error = assertThrows(HopRefusedException.class, handshake::start);
      assertEquals(
          "hop 1 " + hop + " -> [2001:db8:0:0:0:0:0:1]:443: " + hop.type().scheme() + " cannot carry IPv6 addresses",
          v6Error.getMessage());
      assertEquals(DirectFailure.NO_ROUTE, v6Error.directFailure());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "91, request rejected or failed",
    "92, 'request rejected: the proxy cannot reach identd on the client'",
    "93, 'request rejected: identd reports a different user id'"
  })
  void everyRefusalCodeNamesHopTargetAndCode(int code, String meaning) throws Exception {
    for (boolean oneByOne : new boolean[] {false, true}) {
      Socks4Handshake handshake = Socks4Handshake.connect(new HopContext(2, HOP4A, NAMED), true);
      handshake.start();
      byte[] reply = bytes(0x00, code, 0, 0, 0, 0, 0, 0);
      HopRefusedException e =
          assertThrows(
              HopRefusedException.class,
              () -> {
                for (int i = 0; i < reply.length; i++) {
                  handshake.receive(ByteBuffer.wrap(reply, oneByOne ? i : 0, oneByOne ? 1 : reply.length));
                  if (!oneByOne) {
                    break;
                  }
                }
              });
      assertEquals("hop 2 socks4a 10.0.0.4:1080 -> db.internal:5432: " + meaning + " (" + code + ")", e.getMessage());
      assertEquals(code, e.replyCode());
      assertEquals(DirectFailure.REFUSED, e.directFailure());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "05 00, 'not a socks4 reply (version 0x05, expected 0x00)'",
    "48 54, 'not a socks4 reply (version 0x48, expected 0x00)'",
    "00 00, unknown socks4 reply code 0x00 (0)",
    "00 5e, unknown socks4 reply code 0x5e (94)",
    "00 ff, unknown socks4 reply code 0xff (255)"
  })
  void hostileRepliesAreProtocolErrors(String reply, String what) throws Exception {
    Socks4Handshake handshake = Socks4Handshake.connect(new HopContext(2, HOP4A, NAMED), true);
    handshake.start();
    byte[] octets = java.util.HexFormat.ofDelimiter(" ").parseHex(reply);
    HopUnreachableException e =
        assertThrows(HopUnreachableException.class, () -> handshake.receive(ByteBuffer.wrap(octets)));
    assertEquals("hop 2 socks4a 10.0.0.4:1080 -> db.internal:5432: protocol error: " + what, e.getMessage());
  }

  @Test
  void bindReportsListenAddressThenPeer() throws Exception {
    InetSocketAddress peerExpected = ipv4(10, 9, 8, 7, 20);
    HopContext context = new HopContext(1, HOP4, peerExpected);
    byte[] first = bytes(0x00, 90, 0x9c, 0x40, 10, 0, 0, 4);
    byte[] second = bytes(0x00, 90, 0x00, 0x14, 10, 9, 8, 7);

    Socks4Handshake bind = Socks4Handshake.bind(context, false);
    assertBytes(bytes(0x04, 0x02, 0x00, 0x14, 10, 9, 8, 7, 0x00), array(bind.start()));
    bind.receive(ByteBuffer.wrap(first));
    assertEquals(ipv4(10, 0, 0, 4, 40000), bind.boundAddress());

    Socks4Handshake peer = bind.awaitPeer();
    assertBytes(Wire.runExact(peer, concat(second, SURPLUS), second.length), new byte[0]);
    assertEquals(ipv4(10, 9, 8, 7, 20), peer.boundAddress());
    assertThrows(IllegalStateException.class, peer::awaitPeer);
    assertEquals("socks4 BIND second reply hop 1 socks4 10.0.0.4:1080 -> 10.9.8.7:20 [DONE]", peer.toString());
  }

  @Test
  void bindSecondReplyMayRefuse() throws Exception {
    Socks4Handshake bind = Socks4Handshake.bind(new HopContext(1, HOP4, ipv4(10, 9, 8, 7, 20)), false);
    bind.start();
    bind.receive(ByteBuffer.wrap(bytes(0x00, 90, 0x9c, 0x40, 10, 0, 0, 4)));
    Socks4Handshake peer = bind.awaitPeer();
    peer.start();
    HopRefusedException e =
        assertThrows(HopRefusedException.class, () -> peer.receive(ByteBuffer.wrap(bytes(0x00, 91))));
    assertEquals("hop 1 socks4 10.0.0.4:1080 -> 10.9.8.7:20: request rejected or failed (91)", e.getMessage());
  }

  @Test
  void awaitPeerOnlyAfterACompletedBind() throws Exception {
    Socks4Handshake connect = Socks4Handshake.connect(new HopContext(1, HOP4A, NAMED), true);
    connect.start();
    connect.receive(ByteBuffer.wrap(GRANTED));
    assertThrows(IllegalStateException.class, connect::awaitPeer);
    Socks4Handshake bind = Socks4Handshake.bind(new HopContext(1, HOP4A, NAMED), true);
    bind.start();
    assertThrows(IllegalStateException.class, bind::awaitPeer);
  }

  @Test
  void toStringHasNoPassword() {
    Hop hop = HOP4.withCredentials(new Credentials("bob", "hunter2"));
    Socks4Handshake handshake = Socks4Handshake.connect(new HopContext(1, hop, NAMED), false);
    assertEquals("socks4 CONNECT hop 1 socks4 10.0.0.4:1080 -> db.internal:5432 [NEW]", handshake.toString());
    assertFalse(assertThrows(HopRefusedException.class, handshake::start).getMessage().contains("hunter2"));
  }
}
