package dev.socksify.chain.dns;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** DNS over TCP framing (RFC 1035 4.2.2, RFC 7766 8): every message is preceded by its length as 2 bytes. */
public final class DnsTcpFraming {
  private DnsTcpFraming() {}

  /** The message with its length prefix. */
  public static byte[] frame(byte[] message) {
    if (message.length == 0 || message.length > DnsMessageReader.MAX_MESSAGE) {
      throw new IllegalArgumentException("DNS message of " + message.length + " bytes cannot be framed");
    }
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >>> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    return framed;
  }

  /**
   * Writes one framed message in a single write: RFC 7766 8 asks for length and message together, and some servers
   * mishandle a lone length segment.
   */
  public static void write(OutputStream out, byte[] message) throws IOException {
    out.write(frame(message));
    out.flush();
  }

  /**
   * Reads one framed message.
   *
   * @throws EOFException the stream ended before or inside the message
   * @throws DnsProtocolException a zero length prefix
   */
  public static byte[] read(InputStream in) throws IOException {
    int hi = in.read();
    int lo = hi < 0 ? -1 : in.read();
    if (lo < 0) {
      throw new EOFException("DNS over TCP: connection closed " + (hi < 0 ? "before a response" : "inside a length"));
    }
    int length = (hi << 8) | lo;
    if (length == 0) {
      throw new DnsProtocolException("DNS over TCP: zero-length message");
    }
    byte[] message = in.readNBytes(length);
    if (message.length != length) {
      throw new EOFException("DNS over TCP: connection closed after " + message.length + " of " + length + " bytes");
    }
    return message;
  }

  /**
   * Takes one framed message from {@code in} if it holds a complete one, advancing its position; otherwise leaves it
   * untouched and returns null (for non-blocking callers that accumulate bytes).
   */
  public static byte[] poll(ByteBuffer in) throws DnsProtocolException {
    if (in.remaining() < 2) {
      return null;
    }
    int length = in.getShort(in.position()) & 0xFFFF;
    if (length == 0) {
      throw new DnsProtocolException("DNS over TCP: zero-length message");
    }
    if (in.remaining() < 2 + length) {
      return null;
    }
    byte[] message = new byte[length];
    in.position(in.position() + 2);
    in.get(message);
    return message;
  }
}
