package dev.socksify.chain.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.ChainException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Byte helpers and the three ways a runner may feed a handshake, for codec tests. */
public final class Wire {
  private Wire() {}

  /** Octets from ints, so tests read like the RFC diagrams. */
  public static byte[] bytes(int... octets) {
    byte[] out = new byte[octets.length];
    for (int i = 0; i < octets.length; i++) {
      out[i] = (byte) octets[i];
    }
    return out;
  }

  public static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  public static byte[] array(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  public static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }

  public static void assertBytes(byte[] expected, byte[] actual) {
    assertEquals(hex(expected), hex(actual));
  }

  /**
   * A strict runner (the agent's): reads exactly {@code bytesNeeded()} from {@code server} each time. Returns
   * everything the handshake sent; fails if it ever asks past the end of {@code server} or leaves it at a position
   * other than {@code replyLength}.
   */
  public static byte[] runExact(ClientHandshake handshake, byte[] server, int replyLength) throws ChainException {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    sent.writeBytes(array(handshake.start()));
    int position = 0;
    while (!handshake.isDone()) {
      int need = handshake.bytesNeeded();
      assertTrue(need >= 1, "bytesNeeded " + need + " before done");
      assertTrue(position + need <= replyLength, "asked for " + need + " at " + position + " of " + replyLength);
      ByteBuffer chunk = ByteBuffer.wrap(server, position, need);
      sent.writeBytes(array(handshake.receive(chunk)));
      assertFalse(chunk.hasRemaining(), "left part of a chunk it asked for");
      position += need;
    }
    assertEquals(0, handshake.bytesNeeded());
    assertEquals(replyLength, position);
    return sent.toByteArray();
  }

  /** Feeds one octet at a time, as a slow network would. */
  public static byte[] runByteByByte(ClientHandshake handshake, byte[] server) throws ChainException {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    sent.writeBytes(array(handshake.start()));
    int position = 0;
    while (!handshake.isDone()) {
      assertTrue(handshake.bytesNeeded() >= 1);
      assertTrue(position < server.length, "handshake wants more than the server sent");
      ByteBuffer one = ByteBuffer.wrap(server, position++, 1);
      sent.writeBytes(array(handshake.receive(one)));
      assertFalse(one.hasRemaining());
    }
    return sent.toByteArray();
  }

  /**
   * Hands every server octet over in one buffer, as a runner with its own buffer may; the handshake must consume
   * exactly {@code replyLength} and leave the rest.
   */
  public static byte[] runAllAtOnce(ClientHandshake handshake, byte[] server, int replyLength)
      throws ChainException {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    sent.writeBytes(array(handshake.start()));
    ByteBuffer in = ByteBuffer.wrap(server);
    sent.writeBytes(array(handshake.receive(in)));
    assertTrue(handshake.isDone(), "not done after all replies");
    assertEquals(replyLength, in.position(), "consumed");
    return sent.toByteArray();
  }
}
