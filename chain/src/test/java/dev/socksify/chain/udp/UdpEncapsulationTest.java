package dev.socksify.chain.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class UdpEncapsulationTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Hop HOP_A = new Hop(ProxyType.SOCKS5, "127.0.0.1", 1080);
  private static final Hop HOP_B = new Hop(ProxyType.SOCKS5, "127.0.0.2", 1081);

  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  private static byte[] hex(String s) {
    return HEX.parseHex(s.replace(" ", ""));
  }

  private static UdpEncapsulation oneHop() throws Exception {
    return new UdpEncapsulation(List.of(new Relay(1, HOP_A, at("127.0.0.1", 40000), true)));
  }

  private static UdpEncapsulation twoHops() throws Exception {
    return new UdpEncapsulation(List.of(
        new Relay(1, HOP_A, at("127.0.0.1", 40000), true),
        new Relay(2, HOP_B, at("127.0.0.2", 50000), true)));
  }

  @Test
  void oneHopWrapsOnceWithTheDestination() throws Exception {
    byte[] datagram = oneHop().wrap(at("10.0.0.9", 53), "hi".getBytes());
    assertArrayEquals(hex("0000 00 01 0a000009 0035 6869"), datagram);
  }

  @Test
  void twoHopsWrapTheNextRelayOutsideTheDestination() throws Exception {
    byte[] datagram = twoHops().wrap(at("10.0.0.9", 53), "hi".getBytes());
    assertArrayEquals(hex("0000 00 01 7f000002 c350  0000 00 01 0a000009 0035 6869"), datagram);
  }

  @Test
  void namesAndIpv6TravelAsTheirOwnAddressTypes() throws Exception {
    UdpEncapsulation viaName = new UdpEncapsulation(List.of(
        new Relay(1, HOP_A, at("::1", 40000), true),
        new Relay(2, HOP_B, InetSocketAddress.createUnresolved("b.test", 50000), false)));
    byte[] datagram = viaName.wrap(at("2001:db8::1", 443), new byte[] {7});
    assertArrayEquals(hex("0000 00 03 06 622e74657374 c350  0000 00 04 20010db8000000000000000000000001 01bb 07"),
        datagram);
  }

  @Test
  void unwrapReportsTheRealSenderAndPayload() throws Exception {
    Unwrapped result = twoHops().unwrap(hex("0000 00 01 7f000002 c350  0000 00 01 0a000009 0035 6f6b"));
    Unwrapped.Datagram reply = assertInstanceOf(Unwrapped.Datagram.class, result);
    assertEquals(at("10.0.0.9", 53), reply.sender());
    assertEquals("ok", new String(bytes(reply.payload())));
  }

  @Test
  void unwrapReportsAnIpv6SenderAndAnEmptyPayload() throws Exception {
    Unwrapped.Datagram reply = assertInstanceOf(Unwrapped.Datagram.class,
        oneHop().unwrap(hex("0000 00 04 20010db8000000000000000000000001 01bb")));
    assertEquals(at("2001:db8::1", 443), reply.sender());
    assertEquals(0, reply.payload().remaining());
  }

  @Test
  void wrapThenUnwrapRoundTripsThroughEveryDepth() throws Exception {
    for (int depth = 1; depth <= 5; depth++) {
      List<Relay> relays = new ArrayList<>();
      for (int i = 1; i <= depth; i++) {
        relays.add(new Relay(i, HOP_A, at("127.0.0." + i, 40000 + i), true));
      }
      UdpEncapsulation encapsulation = new UdpEncapsulation(relays);
      byte[] payload = ("depth " + depth).getBytes();
      // A reply carries the same headers a request does when the sender is the destination.
      Unwrapped.Datagram reply = assertInstanceOf(Unwrapped.Datagram.class,
          encapsulation.unwrap(encapsulation.wrap(at("10.1.2.3", 9), payload)));
      assertEquals(at("10.1.2.3", 9), reply.sender());
      assertArrayEquals(payload, bytes(reply.payload()));
    }
  }

  @Test
  void fragmentsAreDropped() throws Exception {
    Unwrapped.Dropped dropped = assertInstanceOf(Unwrapped.Dropped.class,
        twoHops().unwrap(hex("0000 00 01 7f000002 c350  0000 01 01 0a000009 0035 6f6b")));
    assertEquals(Unwrapped.Reason.FRAGMENTED, dropped.reason());
    assertEquals(Unwrapped.Reason.FRAGMENTED,
        assertInstanceOf(Unwrapped.Dropped.class, oneHop().unwrap(hex("0000 81 01 0a000009 0035 6f6b"))).reason());
  }

  @Test
  void truncatedAndUnknownTypesAreMalformed() throws Exception {
    for (String bad : List.of("", "0000", "0000 00 01 0a0000", "0000 00 05 0a000009 0035", "0000 00 03 00 0035",
        "0000 00 03 05 6162 0035", "0000 00 01 7f000002 c350 0000 00 01")) {
      Unwrapped.Dropped dropped = assertInstanceOf(Unwrapped.Dropped.class, twoHops().unwrap(hex(bad)), bad);
      assertEquals(Unwrapped.Reason.MALFORMED, dropped.reason(), bad);
    }
  }

  @Test
  void anInnerHeaderFromSomewhereElseIsDropped() throws Exception {
    // Hop 1 says the datagram came from 127.0.0.9:50000, which is not hop 2's relay.
    Unwrapped.Dropped dropped = assertInstanceOf(Unwrapped.Dropped.class,
        twoHops().unwrap(hex("0000 00 01 7f000009 c350  0000 00 01 0a000009 0035 6f6b")));
    assertEquals(Unwrapped.Reason.NOT_FROM_RELAY, dropped.reason());
    assertTrue(dropped.detail().contains("127.0.0.9:50000"), dropped.detail());
  }

  @Test
  void aRelayFoundByWildcardIsMatchedOnItsPortOnly() throws Exception {
    Relay wildcard = Relay.of(2, HOP_B, at("0.0.0.0", 50000), at("127.0.0.2", 1081));
    assertEquals(at("127.0.0.2", 50000), wildcard.address());
    assertFalse(wildcard.reported());
    UdpEncapsulation encapsulation = new UdpEncapsulation(List.of(new Relay(1, HOP_A, at("127.0.0.1", 40000), true),
        wildcard));
    assertInstanceOf(Unwrapped.Datagram.class,
        encapsulation.unwrap(hex("0000 00 01 7f000009 c350  0000 00 01 0a000009 0035 6f6b")));
    assertInstanceOf(Unwrapped.Dropped.class,
        encapsulation.unwrap(hex("0000 00 01 7f000002 c351  0000 00 01 0a000009 0035 6f6b")));
  }

  @Test
  void wildcardRelaysTakeTheAddressTheHopWasReachedAt() throws Exception {
    assertEquals(at("::1", 7000), Relay.of(1, HOP_A, at("::", 7000), at("::1", 1080)).address());
    assertEquals(InetSocketAddress.createUnresolved("b.test", 7000),
        Relay.of(2, HOP_B, at("0.0.0.0", 7000), InetSocketAddress.createUnresolved("b.test", 1080)).address());
    Relay reported = Relay.of(1, HOP_A, at("127.0.0.5", 7000), at("127.0.0.1", 1080));
    assertEquals(at("127.0.0.5", 7000), reported.address());
    assertTrue(reported.reported());
  }

  @Test
  void firstRelayCheckForUnconnectedChannels() throws Exception {
    assertTrue(twoHops().isFromFirstRelay(at("127.0.0.1", 40000)));
    assertFalse(twoHops().isFromFirstRelay(at("127.0.0.1", 40001)));
    assertFalse(twoHops().isFromFirstRelay(at("127.0.0.3", 40000)));
  }

  @Test
  void sizeLimitShrinksWithEveryHopsHeader() throws Exception {
    InetSocketAddress v4 = at("10.0.0.9", 53);
    assertEquals(65_507 - 10, oneHop().maxPayload(v4));
    assertEquals(65_507 - 20, twoHops().maxPayload(v4));
    assertEquals(65_507 - 10 - 22, twoHops().maxPayload(at("2001:db8::1", 53)));
    // An IPv6 first leg allows more, but the IPv4 leg from hop 1 to hop 2 still carries one header.
    UdpEncapsulation v6First = new UdpEncapsulation(List.of(new Relay(1, HOP_A, at("::1", 40000), true),
        new Relay(2, HOP_B, at("127.0.0.2", 50000), true)));
    assertEquals(Math.min(65_527 - 20, 65_507 - 10), v6First.maxPayload(v4));
    assertEquals(65_507 - 10, v6First.maxPayload(v4));
  }

  @Test
  void aPayloadOverTheLimitIsRefusedLikeEmsgsize() throws Exception {
    UdpEncapsulation encapsulation = twoHops();
    InetSocketAddress destination = at("10.0.0.9", 53);
    int max = encapsulation.maxPayload(destination);
    assertEquals(65_507, encapsulation.wrap(destination, new byte[max]).length);
    DatagramTooLargeException e = assertThrows(DatagramTooLargeException.class,
        () -> encapsulation.wrap(destination, new byte[max + 1]));
    assertEquals(max + 1, e.size());
    assertEquals(max, e.limit());
    assertTrue(e.getMessage().startsWith("Message too long: 65488 bytes to 10.0.0.9:53, at most 65487 fit through 2"),
        e.getMessage());
    ByteBuffer payload = ByteBuffer.allocate(max + 1);
    ByteBuffer out = ByteBuffer.allocate(70_000);
    assertThrows(DatagramTooLargeException.class, () -> encapsulation.wrap(destination, payload, out));
    assertEquals(0, payload.position());
    assertEquals(0, out.position());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }
}
