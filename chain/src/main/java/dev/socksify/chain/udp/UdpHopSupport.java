package dev.socksify.chain.udp;

import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;

/**
 * Which hops can carry UDP at all: SOCKS5 has UDP ASSOCIATE; HTTP CONNECT and SOCKS4/4a are TCP-only protocols.
 * Checked for every hop before any connection is made, so a chain that can never carry UDP costs nothing.
 */
final class UdpHopSupport {
  private UdpHopSupport() {}

  /** @throws UdpUnsupportedException hop {@code index}'s protocol has no UDP */
  static void check(int index, Hop hop) throws UdpUnsupportedException {
    ProxyType type = hop.type();
    if (type == ProxyType.SOCKS5 || type == ProxyType.SOCKS5H) {
      return;
    }
    String why = type == ProxyType.HTTP ? "HTTP CONNECT cannot carry UDP" : "SOCKS4 cannot carry UDP";
    throw UdpUnsupportedException.protocol(index, hop, why);
  }
}
