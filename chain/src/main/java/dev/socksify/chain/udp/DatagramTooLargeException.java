package dev.socksify.chain.udp;

import dev.socksify.chain.Addresses;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * A datagram does not fit once wrapped for every hop: the UDP counterpart of EMSGSIZE. It is a
 * {@link SocketException} like the one a direct {@code send} of an oversized datagram throws
 * ({@code Message too long}), so applications handle both alike.
 */
public final class DatagramTooLargeException extends SocketException {
  private final int size;
  private final int limit;

  public DatagramTooLargeException(int size, int limit, int hops, InetSocketAddress destination) {
    super("Message too long: " + size + " bytes to " + Addresses.format(destination) + ", at most " + limit
        + " fit through " + hops + (hops == 1 ? " udp hop" : " udp hops") + " (each adds a SOCKS5 header)");
    this.size = size;
    this.limit = limit;
  }

  /** The payload size that was refused. */
  public int size() {
    return size;
  }

  /** The largest payload that would have fitted. */
  public int limit() {
    return limit;
  }
}
