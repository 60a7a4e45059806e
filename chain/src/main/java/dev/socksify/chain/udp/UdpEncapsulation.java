package dev.socksify.chain.udp;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.protocol.socks5.Socks5Address;
import dev.socksify.chain.protocol.socks5.Socks5UdpDatagram;
import dev.socksify.chain.protocol.socks5.Socks5UdpHeader;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Wrapping and unwrapping of datagrams for a chain of SOCKS5 UDP relays, with no transport: bytes in, bytes
 * out. The blocking association ({@link BlockingUdpAssociation}) and a Netty user drive the same instance.
 *
 * <p>With relays R1…Rn (hop 1 first), a datagram for destination D is sent to R1 as
 * {@code hdr(R2) hdr(R3) … hdr(Rn) hdr(D) payload}: hop 1 strips {@code hdr(R2)} and forwards the rest to R2,
 * and so on until hop n strips {@code hdr(D)} and sends the payload to D (the nesting verified with two danted
 * hops, see DESIGN.md). Replies come back as {@code hdr(R2) … hdr(Rn) hdr(S) payload} where S is the real
 * sender: each hop prefixes the address it received the datagram from.
 *
 * <p>Immutable and thread-safe.
 */
public final class UdpEncapsulation {
  private final List<Relay> relays;

  /**
   * @param relays the relay of every hop, hop 1 first; hop 1's address must be resolved (datagrams go there)
   */
  public UdpEncapsulation(List<Relay> relays) {
    this.relays = List.copyOf(relays);
    if (this.relays.isEmpty()) {
      throw new IllegalArgumentException("no relays");
    }
    if (this.relays.get(0).address().isUnresolved()) {
      throw new IllegalArgumentException("hop 1's relay must be an address: " + this.relays.get(0));
    }
  }

  /** The relays, hop 1 first. */
  public List<Relay> relays() {
    return relays;
  }

  /** How many hops (and headers) each datagram passes. */
  public int depth() {
    return relays.size();
  }

  /** Where wrapped datagrams are sent: hop 1's relay. */
  public InetSocketAddress sendTo() {
    return relays.get(0).address();
  }

  /**
   * Whether a datagram received from {@code source} comes from hop 1's relay. A connected channel gets this
   * from the kernel; an unconnected one (Netty) must drop datagrams for which this is false.
   */
  public boolean isFromFirstRelay(InetSocketAddress source) {
    return relays.get(0).sent(source);
  }

  /** The bytes all headers add to a datagram for {@code destination} on its way to hop 1. */
  public int overhead(InetSocketAddress destination) {
    return headersFrom(1, destination);
  }

  /** Header bytes a datagram carries into relay {@code firstRelay - 1} (0-based): later relays', then the destination's. */
  private int headersFrom(int firstRelay, InetSocketAddress destination) {
    int bytes = Socks5UdpHeader.headerLength(destination);
    for (int j = firstRelay; j < relays.size(); j++) {
      bytes += Socks5UdpHeader.headerLength(relays.get(j).address());
    }
    return bytes;
  }

  /**
   * The largest payload a datagram to {@code destination} can carry: on every leg (client to hop 1, hop k to
   * hop k+1, last hop to the destination) the payload plus the headers still on it must fit in one datagram
   * of that leg's address family.
   */
  public int maxPayload(InetSocketAddress destination) {
    int max = UdpLimits.maxPayload(destination);
    for (int i = 0; i < relays.size(); i++) {
      max = Math.min(max, UdpLimits.maxPayload(relays.get(i).address()) - headersFrom(i + 1, destination));
    }
    return max;
  }

  /** The datagram to send to {@link #sendTo()} for {@code payload} to reach {@code destination}. */
  public byte[] wrap(InetSocketAddress destination, byte[] payload) throws DatagramTooLargeException {
    ByteBuffer out = ByteBuffer.allocate(overhead(destination) + payload.length);
    wrap(destination, ByteBuffer.wrap(payload), out);
    return out.array();
  }

  /**
   * Writes the datagram for {@code payload} (its remaining bytes, which are consumed) to {@code out}, which
   * needs {@link #overhead(InetSocketAddress)} plus the payload's bytes of room.
   *
   * @throws DatagramTooLargeException the payload exceeds {@link #maxPayload(InetSocketAddress)}; nothing is
   *     consumed or written
   * @throws IllegalArgumentException {@code destination} is a name SOCKS5 cannot carry (empty, over 255 bytes)
   */
  public void wrap(InetSocketAddress destination, ByteBuffer payload, ByteBuffer out) throws DatagramTooLargeException {
    String problem = Socks5Address.problem(Objects.requireNonNull(destination, "destination"));
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    int max = maxPayload(destination);
    if (payload.remaining() > max) {
      throw new DatagramTooLargeException(payload.remaining(), max, depth(), destination);
    }
    for (int j = 1; j < relays.size(); j++) {
      writeHeader(relays.get(j).address(), out);
    }
    writeHeader(destination, out);
    out.put(payload);
  }

  private static void writeHeader(InetSocketAddress address, ByteBuffer out) {
    try {
      Socks5UdpHeader.writeHeader(address, out);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Unwraps a datagram received from hop 1's relay; the payload of a result is a view into {@code datagram}. */
  public Unwrapped unwrap(byte[] datagram) {
    return unwrap(ByteBuffer.wrap(datagram));
  }

  /**
   * Unwraps the datagram in {@code datagram}'s remaining bytes (received from hop 1's relay). A reply's
   * payload is a slice of {@code datagram}, which is left positioned at the payload.
   */
  public Unwrapped unwrap(ByteBuffer datagram) {
    ByteBuffer rest = datagram;
    for (int j = 1; j <= relays.size(); j++) {
      Optional<Socks5UdpDatagram> header;
      try {
        header = Socks5UdpHeader.decode(rest);
      } catch (ProtocolException e) {
        return new Unwrapped.Dropped(Unwrapped.Reason.MALFORMED, "header " + j + " of " + depth() + ": " + e.getMessage());
      }
      if (header.isEmpty()) {
        return new Unwrapped.Dropped(Unwrapped.Reason.FRAGMENTED, "header " + j + " of " + depth() + " has FRAG != 0");
      }
      InetSocketAddress address = header.get().address();
      rest = header.get().payload();
      if (j == relays.size()) {
        datagram.position(datagram.limit() - rest.remaining());
        return new Unwrapped.Datagram(address, rest);
      }
      Relay next = relays.get(j);
      if (!next.sent(address)) {
        return new Unwrapped.Dropped(Unwrapped.Reason.NOT_FROM_RELAY,
            "hop " + j + " relayed a datagram from " + Addresses.format(address) + ", not from " + next);
      }
    }
    throw new AssertionError("the loop returns on the last header");
  }

  @Override
  public String toString() {
    return "udp via " + relays;
  }
}
