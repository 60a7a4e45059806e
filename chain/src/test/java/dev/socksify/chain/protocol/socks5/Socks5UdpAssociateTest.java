package dev.socksify.chain.protocol.socks5;

import static dev.socksify.chain.protocol.Wire.assertBytes;
import static dev.socksify.chain.protocol.Wire.bytes;
import static dev.socksify.chain.protocol.Wire.concat;
import static dev.socksify.chain.protocol.socks5.Socks5HandshakeTest.CHOOSE_NONE;
import static dev.socksify.chain.protocol.socks5.Socks5HandshakeTest.GREETING;
import static dev.socksify.chain.protocol.socks5.Socks5HandshakeTest.HOP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.protocol.Wire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Socks5UdpAssociateTest {
  static final HopContext CONTEXT =
      new HopContext(1, HOP, InetSocketAddress.createUnresolved("dns.internal", 53));
  static final InetAddress REACHED_AT = address(10, 0, 0, 5);

  static InetAddress address(int... octets) {
    try {
      return InetAddress.getByAddress(bytes(octets));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void associatesFromAnyClientAddressByDefault() throws Exception {
    byte[] reply = bytes(0x05, 0x00, 0x00, 0x01, 10, 0, 0, 6, 0x13, 0x88);
    Socks5UdpAssociate associate = Socks5UdpAssociate.associate(CONTEXT);
    byte[] sent = Wire.runAllAtOnce(associate, concat(CHOOSE_NONE, reply, bytes(1, 2)), 2 + reply.length);
    assertBytes(concat(GREETING, bytes(0x05, 0x03, 0x00, 0x01, 0, 0, 0, 0, 0, 0)), sent);
    InetSocketAddress relay = new InetSocketAddress(address(10, 0, 0, 6), 5000);
    assertEquals(relay, associate.boundAddress());
    assertEquals(relay, associate.relayAddress(REACHED_AT), "a real address is kept");
  }

  @Test
  void sendsAGivenClientAddress() throws Exception {
    Socks5UdpAssociate associate =
        Socks5UdpAssociate.associate(CONTEXT, new InetSocketAddress(address(127, 0, 0, 1), 40000));
    associate.start();
    assertBytes(
        bytes(0x05, 0x03, 0x00, 0x01, 127, 0, 0, 1, 0x9c, 0x40),
        Wire.array(associate.receive(ByteBuffer.wrap(CHOOSE_NONE))));
  }

  @Test
  void unspecifiedRelayAddressMeansTheAddressTheProxyWasReachedAt() throws Exception {
    Socks5UdpAssociate v4 = Socks5UdpAssociate.associate(CONTEXT);
    Wire.runByteByByte(v4, concat(CHOOSE_NONE, bytes(0x05, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0x13, 0x89)));
    assertEquals(new InetSocketAddress(address(0, 0, 0, 0), 5001), v4.boundAddress(), "raw address kept");
    assertEquals(new InetSocketAddress(REACHED_AT, 5001), v4.relayAddress(REACHED_AT));

    Socks5UdpAssociate v6 = Socks5UdpAssociate.associate(CONTEXT);
    Wire.runByteByByte(v6, concat(CHOOSE_NONE, bytes(0x05, 0x00, 0x00, 0x04), new byte[16], bytes(0x13, 0x8a)));
    InetAddress loopback6 = InetAddress.getByName("::1");
    assertEquals(new InetSocketAddress(loopback6, 5002), v6.relayAddress(loopback6));
  }

  @Test
  void unsupportedAssociateIsARefusal() throws Exception {
    Socks5UdpAssociate associate = Socks5UdpAssociate.associate(CONTEXT);
    associate.start();
    HopRefusedException e =
        assertThrows(
            HopRefusedException.class,
            () -> associate.receive(ByteBuffer.wrap(concat(CHOOSE_NONE, bytes(0x05, 0x07)))));
    assertEquals("hop 1 socks5 10.0.0.5:1080 -> dns.internal:53: command not supported (0x07)", e.getMessage());
    assertThrows(IllegalStateException.class, () -> associate.relayAddress(REACHED_AT));
  }
}
