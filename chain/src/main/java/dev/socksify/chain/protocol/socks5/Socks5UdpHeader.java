package dev.socksify.chain.protocol.socks5;

import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The header in front of every datagram exchanged with a SOCKS5 UDP relay: {@code RSV(2) FRAG ATYP DST.ADDR
 * DST.PORT DATA}. Decoding is bounded by the datagram: a header cut short or a DOMAIN length running past the end
 * is a {@link ProtocolException}, never an index exception, and nothing is allocated beyond the result.
 *
 * <p>Fragmentation is not implemented: RFC 1928 allows that and says such an implementation must drop any
 * datagram whose FRAG is not X'00', which is what an empty {@link #decode} result means. RSV is not checked: it
 * carries nothing, and rejecting datagrams over it would only lose data from sloppy relays.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1928#section-7">RFC 1928, section 7: Procedure for UDP-based
 *     clients</a>
 */
public final class Socks5UdpHeader {
  private static final int PREFIX_LENGTH = 3;
  private static final int UNFRAGMENTED = 0x00;

  private Socks5UdpHeader() {}

  /** Header octets for {@code destination}. */
  public static int headerLength(InetSocketAddress destination) {
    return PREFIX_LENGTH + Socks5Address.encodedLength(destination);
  }

  /**
   * Writes the header for {@code destination} (FRAG 0) into {@code out}, for callers that send header and
   * payload from separate buffers.
   *
   * @throws ProtocolException {@code destination} is a name SOCKS5 cannot carry (empty, over 255 bytes)
   */
  public static void writeHeader(InetSocketAddress destination, ByteBuffer out) throws ProtocolException {
    String problem = Socks5Address.problem(destination);
    if (problem != null) {
      throw new ProtocolException(problem);
    }
    out.put((byte) 0).put((byte) 0).put((byte) UNFRAGMENTED);
    Socks5Address.write(destination, out);
  }

  /**
   * A new datagram: header for {@code destination} then the remaining octets of {@code payload} (whose position
   * is not moved).
   *
   * @throws ProtocolException {@code destination} is a name SOCKS5 cannot carry (empty, over 255 bytes)
   */
  public static ByteBuffer encode(InetSocketAddress destination, ByteBuffer payload) throws ProtocolException {
    ByteBuffer out = ByteBuffer.allocate(headerLength(destination) + payload.remaining());
    writeHeader(destination, out);
    return out.put(payload.duplicate()).flip();
  }

  /**
   * Splits a datagram received from the relay, from its position to its limit (the buffer itself is not moved).
   *
   * @return the address and payload, or empty for a fragment (FRAG not 0), which must be dropped
   * @throws ProtocolException the header is truncated, has an unknown ATYP, or an empty or overlong name
   */
  public static Optional<Socks5UdpDatagram> decode(ByteBuffer datagram) throws ProtocolException {
    ByteBuffer in = datagram.slice();
    if (in.remaining() < PREFIX_LENGTH + 1) {
      throw new ProtocolException("socks5 UDP datagram of " + in.remaining() + " bytes is shorter than a header");
    }
    if ((in.get(2) & 0xff) != UNFRAGMENTED) {
      return Optional.empty();
    }
    int atyp = in.get(3) & 0xff;
    int addressLength = Socks5Address.fixedLength(atyp);
    if (addressLength < 0) {
      throw new ProtocolException(String.format("socks5 UDP datagram with unknown address type 0x%02x", atyp));
    }
    int headerLength;
    if (addressLength > 0) {
      headerLength = PREFIX_LENGTH + 1 + addressLength + 2;
    } else {
      if (in.remaining() < PREFIX_LENGTH + 2) {
        throw new ProtocolException("socks5 UDP datagram ends before its domain length");
      }
      int nameLength = in.get(PREFIX_LENGTH + 1) & 0xff;
      if (nameLength == 0) {
        throw new ProtocolException("socks5 UDP datagram with an empty domain name");
      }
      headerLength = PREFIX_LENGTH + 1 + 1 + nameLength + 2;
    }
    if (in.remaining() < headerLength) {
      throw new ProtocolException(
          "socks5 UDP datagram of " + in.remaining() + " bytes is shorter than its " + headerLength + "-byte header");
    }
    InetSocketAddress address = Socks5Address.read(atyp, in.position(PREFIX_LENGTH + 1));
    return Optional.of(new Socks5UdpDatagram(address, in.slice().asReadOnlyBuffer()));
  }
}
