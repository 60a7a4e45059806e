package dev.socksify.chain.udp;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** How large one UDP datagram can be, by the family of the address it goes to. */
public final class UdpLimits {
  /** Largest UDP payload of one IPv4 datagram: 65535 minus the 20-byte IPv4 and the 8-byte UDP header. */
  public static final int MAX_IPV4_PAYLOAD = 65_507;
  /** Largest UDP payload of one IPv6 datagram without jumbograms: 65535 minus the 8-byte UDP header. */
  public static final int MAX_IPV6_PAYLOAD = 65_527;
  /** A buffer this large never truncates a received datagram. */
  public static final int RECEIVE_BUFFER = MAX_IPV6_PAYLOAD;

  private UdpLimits() {}

  /**
   * The largest payload one datagram to {@code target} can carry. A name counts as IPv4, the smaller limit,
   * because the hop that resolves it may pick either family.
   */
  public static int maxPayload(InetSocketAddress target) {
    return !target.isUnresolved() && target.getAddress() instanceof Inet6Address ? MAX_IPV6_PAYLOAD : MAX_IPV4_PAYLOAD;
  }
}
