package dev.socksify.redirector.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The sockaddr layouts getsockopt(SO_ORIGINAL_DST) fills in (x86-64: family in host order, port big-endian). */
class OriginalDestinationTest {
  @Test
  void decodesSockaddrIn() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    b.putShort((short) 2);
    b.order(ByteOrder.BIG_ENDIAN).putShort((short) 8080);
    b.put(new byte[] {10, (byte) 211, 0, 2});
    assertEquals(new InetSocketAddress(InetAddress.getByName("10.211.0.2"), 8080), OriginalDestination.decode(b));
  }

  @Test
  void decodesSockaddrIn6() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
    b.putShort((short) 10);
    b.order(ByteOrder.BIG_ENDIAN).putShort((short) 443);
    b.putInt(0);
    b.put(InetAddress.getByName("fd00:211::2").getAddress());
    b.putInt(0);
    assertEquals(new InetSocketAddress(InetAddress.getByName("fd00:211::2"), 443), OriginalDestination.decode(b));
  }

  @Test
  void portsAboveSignedShortRange() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    b.putShort((short) 2);
    b.order(ByteOrder.BIG_ENDIAN).putShort((short) 65000);
    b.put(new byte[] {127, 0, 0, 1});
    assertEquals(65000, OriginalDestination.decode(b).getPort());
  }

  @Test
  void anUnknownFamilyIsAnError() {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    b.putShort((short) 1);
    IOException e = assertThrows(IOException.class, () -> OriginalDestination.decode(b));
    assertEquals("unexpected socket address family 1 in SO_ORIGINAL_DST", e.getMessage());
  }
}
