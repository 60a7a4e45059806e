package dev.socksify.chain.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DnsTcpFramingTest {
  /** {@code dig +tcp +noedns service.test A} as it arrived on the socket: length 0x1e, then the message. */
  private static final String DIG_TCP = "001e d070 0120 0001 0000 0000 0000 07 73657276696365 04 74657374 00 0001 0001";

  @Test
  void framesLikeDig() throws Exception {
    byte[] wire = Hex.bytes(DIG_TCP);
    byte[] message = java.util.Arrays.copyOfRange(wire, 2, wire.length);
    assertArrayEquals(wire, DnsTcpFraming.frame(message));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DnsTcpFraming.write(out, message);
    assertArrayEquals(wire, out.toByteArray());
    assertEquals("service.test A(1)", DnsMessageReader.read(message).question().orElseThrow().toString());
  }

  @Test
  void readsBackToBackMessagesThenEof() throws Exception {
    byte[] a = Hex.bytes(DnsMessageReaderTest.DIG_A);
    byte[] b = Hex.bytes(DnsMessageReaderTest.DNSMASQ_A);
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(DnsTcpFraming.frame(a));
    both.writeBytes(DnsTcpFraming.frame(b));
    ByteArrayInputStream in = new ByteArrayInputStream(both.toByteArray());
    assertArrayEquals(a, DnsTcpFraming.read(in));
    assertArrayEquals(b, DnsTcpFraming.read(in));
    EOFException e = assertThrows(EOFException.class, () -> DnsTcpFraming.read(in));
    assertEquals("DNS over TCP: connection closed before a response", e.getMessage());
  }

  @Test
  void eofInsideLengthOrMessageAndZeroLength() {
    assertThrows(EOFException.class, () -> DnsTcpFraming.read(new ByteArrayInputStream(Hex.bytes("00"))));
    EOFException e = assertThrows(EOFException.class,
        () -> DnsTcpFraming.read(new ByteArrayInputStream(Hex.bytes("001e d070 0120"))));
    assertEquals("DNS over TCP: connection closed after 4 of 30 bytes", e.getMessage());
    assertThrows(DnsProtocolException.class, () -> DnsTcpFraming.read(new ByteArrayInputStream(Hex.bytes("0000"))));
    assertThrows(IllegalArgumentException.class, () -> DnsTcpFraming.frame(new byte[0]));
  }

  @Test
  void pollWaitsForAWholeMessage() throws Exception {
    byte[] wire = Hex.bytes(DIG_TCP + " 00");
    ByteBuffer buf = ByteBuffer.allocate(64);
    for (int k = 0; k < wire.length - 1; k++) {
      buf.put(wire[k]).flip();
      assertNull(k == wire.length - 2 ? null : DnsTcpFraming.poll(buf), "after " + (k + 1) + " bytes");
      if (k == wire.length - 2) {
        assertEquals(30, DnsTcpFraming.poll(buf).length);
        assertEquals(0, buf.remaining());
      }
      buf.compact();
    }
    buf.put(wire[wire.length - 1]).flip();
    assertNull(DnsTcpFraming.poll(buf));
    assertEquals(1, buf.remaining());
  }
}
