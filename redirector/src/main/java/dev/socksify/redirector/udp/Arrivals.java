package dev.socksify.redirector.udp;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/** Where the transparent listener hands each redirected datagram. */
@FunctionalInterface
interface Arrivals {
  /**
   * @param client the sending socket's address
   * @param original the datagram's original destination
   * @param payload the datagram; the callee owns (and releases) it
   */
  void arrived(InetSocketAddress client, InetSocketAddress original, ByteBuf payload);
}
