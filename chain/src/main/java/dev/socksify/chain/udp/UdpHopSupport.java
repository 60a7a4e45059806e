package dev.socksify.chain.udp;

import dev.socksify.chain.HopContext;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.protocol.ClientHandshake;

/** Interim: which hop types carry UDP, until ProxyType gets its udpAssociate handshake with the protocols branch. */
final class UdpHopSupport {
  private UdpHopSupport() {}

  static ClientHandshake associate(HopContext context) throws UdpUnsupportedException {
    ProxyType type = context.hop().type();
    if (type == ProxyType.SOCKS5 || type == ProxyType.SOCKS5H) {
      return new InterimSocks5Handshake(context, 3);
    }
    String why = type == ProxyType.HTTP ? "HTTP CONNECT cannot carry UDP" : "SOCKS4 cannot carry UDP";
    throw UdpUnsupportedException.protocol(context.index(), context.hop(), why);
  }
}
