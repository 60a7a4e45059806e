package dev.socksify.chain.protocol.socks5;

import static dev.socksify.chain.protocol.Wire.array;
import static dev.socksify.chain.protocol.Wire.ascii;
import static dev.socksify.chain.protocol.Wire.assertBytes;
import static dev.socksify.chain.protocol.Wire.bytes;
import static dev.socksify.chain.protocol.Wire.concat;
import static dev.socksify.chain.protocol.socks5.Socks5HandshakeTest.CHOOSE_NONE;
import static dev.socksify.chain.protocol.socks5.Socks5HandshakeTest.GREETING;
import static dev.socksify.chain.protocol.socks5.Socks5HandshakeTest.HOP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.protocol.ClientHandshake;
import dev.socksify.chain.protocol.Wire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Socks5BindTest {
  static final InetSocketAddress PEER = InetSocketAddress.createUnresolved("ftp.internal", 20);
  static final HopContext CONTEXT = new HopContext(1, HOP, PEER);
  static final byte[] BIND_REQUEST =
      concat(bytes(0x05, 0x02, 0x00, 0x03, 12), ascii("ftp.internal"), bytes(0x00, 0x14));
  static final byte[] FIRST_REPLY = bytes(0x05, 0x00, 0x00, 0x01, 10, 0, 0, 5, 0x9c, 0x40);
  static final byte[] SECOND_REPLY = bytes(0x05, 0x00, 0x00, 0x01, 10, 9, 8, 7, 0x00, 0x14);

  @Test
  void bindReportsListenAddressThenPeerAddress() throws Exception {
    for (int way = 0; way < 3; way++) {
      Socks5Bind bind = Socks5Bind.bind(CONTEXT);
      byte[] server = concat(CHOOSE_NONE, FIRST_REPLY);
      byte[] sent =
          switch (way) {
            case 0 -> Wire.runExact(bind, concat(server, SECOND_REPLY), server.length);
            case 1 -> Wire.runByteByByte(bind, server);
            default -> Wire.runAllAtOnce(bind, concat(server, SECOND_REPLY), server.length);
          };
      assertBytes(concat(GREETING, BIND_REQUEST), sent);
      assertEquals(new InetSocketAddress(InetAddress.getByAddress(bytes(10, 0, 0, 5)), 40000), bind.boundAddress());

      ClientHandshake peer = bind.awaitPeer();
      byte[] afterPeer = concat(SECOND_REPLY, ascii("220 data"));
      byte[] none =
          switch (way) {
            case 0 -> Wire.runExact(peer, afterPeer, SECOND_REPLY.length);
            case 1 -> Wire.runByteByByte(peer, SECOND_REPLY);
            default -> Wire.runAllAtOnce(peer, afterPeer, SECOND_REPLY.length);
          };
      assertEquals(0, none.length, "the second reply sends nothing");
      assertEquals(new InetSocketAddress(InetAddress.getByAddress(bytes(10, 9, 8, 7)), 20), peer.boundAddress());
    }
  }

  @Test
  void secondReplyMayRefuse() throws Exception {
    Socks5Bind bind = Socks5Bind.bind(CONTEXT);
    bind.start();
    bind.receive(ByteBuffer.wrap(concat(CHOOSE_NONE, FIRST_REPLY)));
    ClientHandshake peer = bind.awaitPeer();
    assertEquals(0, array(peer.start()).length);
    HopRefusedException e =
        assertThrows(
            HopRefusedException.class,
            () -> peer.receive(ByteBuffer.wrap(bytes(0x05, 0x06, 0x00, 0x01, 0, 0, 0, 0, 0, 0))));
    assertEquals("hop 1 socks5 10.0.0.5:1080 -> ftp.internal:20: TTL expired (0x06)", e.getMessage());
    assertEquals(DirectFailure.TIMEOUT, e.directFailure());
    assertEquals(0, peer.bytesNeeded());
  }

  @Test
  void awaitPeerBeforeFirstReplyIsAnIllegalState() throws Exception {
    Socks5Bind bind = Socks5Bind.bind(CONTEXT);
    bind.start();
    assertThrows(IllegalStateException.class, bind::awaitPeer);
  }

  @Test
  void bindNotSupportedIsARefusal() throws Exception {
    Socks5Bind bind = Socks5Bind.bind(CONTEXT);
    bind.start();
    HopRefusedException e =
        assertThrows(
            HopRefusedException.class,
            () -> bind.receive(ByteBuffer.wrap(concat(CHOOSE_NONE, bytes(0x05, 0x07, 0x00, 0x01)))));
    assertEquals("hop 1 socks5 10.0.0.5:1080 -> ftp.internal:20: command not supported (0x07)", e.getMessage());
  }
}
