package dev.socksify.chain.protocol.socks5;

import static dev.socksify.chain.protocol.Wire.array;
import static dev.socksify.chain.protocol.Wire.ascii;
import static dev.socksify.chain.protocol.Wire.assertBytes;
import static dev.socksify.chain.protocol.Wire.bytes;
import static dev.socksify.chain.protocol.Wire.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Socks5UdpHeaderTest {
  static final byte[] PAYLOAD = ascii("query");
  static final byte[] V6 = bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x35);

  static InetSocketAddress ipv4() throws Exception {
    return new InetSocketAddress(InetAddress.getByAddress(bytes(10, 0, 0, 53)), 53);
  }

  static InetSocketAddress ipv6() throws Exception {
    return new InetSocketAddress(InetAddress.getByAddress(V6), 5353);
  }

  static final InetSocketAddress NAME = InetSocketAddress.createUnresolved("dns.internal", 53);

  @Test
  void encodesAndDecodesEveryAddressType() throws Exception {
    byte[][] headers = {
      bytes(0, 0, 0, 0x01, 10, 0, 0, 53, 0x00, 0x35),
      concat(bytes(0, 0, 0, 0x04), V6, bytes(0x14, 0xe9)),
      concat(bytes(0, 0, 0, 0x03, 12), ascii("dns.internal"), bytes(0x00, 0x35))
    };
    InetSocketAddress[] addresses = {ipv4(), ipv6(), NAME};
    for (int i = 0; i < addresses.length; i++) {
      ByteBuffer payload = ByteBuffer.wrap(PAYLOAD);
      ByteBuffer datagram = Socks5UdpHeader.encode(addresses[i], payload);
      assertBytes(concat(headers[i], PAYLOAD), array(datagram));
      assertEquals(0, payload.position(), "payload not moved");
      assertEquals(headers[i].length, Socks5UdpHeader.headerLength(addresses[i]));

      Socks5UdpDatagram decoded = Socks5UdpHeader.decode(datagram).orElseThrow();
      assertEquals(addresses[i], decoded.address());
      assertBytes(PAYLOAD, array(decoded.payload()));
      assertEquals(0, datagram.position(), "datagram not moved");
    }
  }

  @Test
  void decodesFromThePositionAndAllowsAnEmptyPayload() throws Exception {
    ByteBuffer datagram = ByteBuffer.wrap(concat(bytes(9, 9), bytes(0, 0, 0, 0x01, 10, 0, 0, 53, 0x00, 0x35)));
    datagram.position(2);
    Socks5UdpDatagram decoded = Socks5UdpHeader.decode(datagram).orElseThrow();
    assertEquals(ipv4(), decoded.address());
    assertEquals(0, decoded.payload().remaining());
    assertTrue(decoded.payload().isReadOnly());
  }

  @Test
  void reservedOctetsAreIgnored() throws Exception {
    byte[] datagram = concat(bytes(0xab, 0xcd, 0, 0x01, 10, 0, 0, 53, 0x00, 0x35), PAYLOAD);
    assertEquals(ipv4(), Socks5UdpHeader.decode(ByteBuffer.wrap(datagram)).orElseThrow().address());
  }

  @Test
  void fragmentsAreDropped() throws Exception {
    for (int frag : new int[] {0x01, 0x7f, 0x80, 0xff}) {
      byte[] datagram = concat(bytes(0, 0, frag, 0x01, 10, 0, 0, 53, 0x00, 0x35), PAYLOAD);
      assertEquals(Optional.empty(), Socks5UdpHeader.decode(ByteBuffer.wrap(datagram)));
    }
  }

  @Test
  void nestedHeadersRoundTrip() throws Exception {
    // Two-hop UDP: the outer header names hop 2's relay, the inner one the destination.
    InetSocketAddress relay = new InetSocketAddress(InetAddress.getByAddress(bytes(127, 0, 0, 12)), 4000);
    ByteBuffer twice = Socks5UdpHeader.encode(relay, Socks5UdpHeader.encode(NAME, ByteBuffer.wrap(PAYLOAD)));
    Socks5UdpDatagram outer = Socks5UdpHeader.decode(twice).orElseThrow();
    assertEquals(relay, outer.address());
    Socks5UdpDatagram inner = Socks5UdpHeader.decode(outer.payload()).orElseThrow();
    assertEquals(NAME, inner.address());
    assertBytes(PAYLOAD, array(inner.payload()));
  }

  @Test
  void everyTruncationIsAProtocolException() throws Exception {
    byte[][] whole = {
      bytes(0, 0, 0, 0x01, 10, 0, 0, 53, 0x00, 0x35),
      concat(bytes(0, 0, 0, 0x04), V6, bytes(0x14, 0xe9)),
      concat(bytes(0, 0, 0, 0x03, 12), ascii("dns.internal"), bytes(0x00, 0x35))
    };
    for (byte[] datagram : whole) {
      for (int length = 0; length < datagram.length; length++) {
        ByteBuffer cut = ByteBuffer.wrap(datagram, 0, length);
        ProtocolException e = assertThrows(ProtocolException.class, () -> Socks5UdpHeader.decode(cut));
        assertTrue(e.getMessage().startsWith("socks5 UDP datagram "), e.getMessage());
      }
    }
  }

  @Test
  void exactMessagesForHostileHeaders() {
    assertEquals(
        "socks5 UDP datagram of 3 bytes is shorter than a header",
        message(bytes(0, 0, 0)));
    assertEquals(
        "socks5 UDP datagram with unknown address type 0x02",
        message(bytes(0, 0, 0, 0x02, 1, 2, 3, 4, 0, 0)));
    assertEquals("socks5 UDP datagram ends before its domain length", message(bytes(0, 0, 0, 0x03)));
    assertEquals("socks5 UDP datagram with an empty domain name", message(bytes(0, 0, 0, 0x03, 0, 0, 53)));
    // A domain length of 255 in a 20-byte datagram: bounded by the datagram, not trusted.
    assertEquals(
        "socks5 UDP datagram of 20 bytes is shorter than its 262-byte header",
        message(concat(bytes(0, 0, 0, 0x03, 255), new byte[15])));
  }

  @Test
  void namesSocks5CannotCarryAreRefusedOnEncode() {
    ProtocolException e =
        assertThrows(
            ProtocolException.class,
            () ->
                Socks5UdpHeader.encode(
                    InetSocketAddress.createUnresolved("x".repeat(300), 53), ByteBuffer.allocate(0)));
    assertEquals("host name of 300 bytes cannot be sent over socks5 (at most 255)", e.getMessage());
  }

  private static String message(byte[] datagram) {
    return assertThrows(ProtocolException.class, () -> Socks5UdpHeader.decode(ByteBuffer.wrap(datagram)))
        .getMessage();
  }
}
