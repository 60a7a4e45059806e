package dev.socksify.redirector.udp;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/** One way out of a flow (a chain's association, or the direct socket); runs on the flow's loop. */
interface Leg {
  /**
   * Sends {@code payload} (owned by the leg from now on) towards {@code target}.
   *
   * @param original the datagram's original destination, for log lines
   */
  void send(InetSocketAddress target, InetSocketAddress original, ByteBuf payload);

  /** Ends the leg: its socket, its association, anything queued. */
  void close();
}
