package dev.socksify.chain.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** What one datagram from the first relay turned out to be: a reply from a remote sender, or something to drop. */
public sealed interface Unwrapped permits Unwrapped.Datagram, Unwrapped.Dropped {
  /**
   * A reply for the application.
   *
   * @param sender the remote that sent it, as the last hop saw it (a name only if a proxy reported one)
   * @param payload the application's bytes: a view into the datagram's buffer, not a copy
   */
  record Datagram(InetSocketAddress sender, ByteBuffer payload) implements Unwrapped {}

  /** A datagram the association does not pass on, and why. */
  record Dropped(Reason reason, String detail) implements Unwrapped {}

  /** Why a datagram was dropped; associations count each. */
  enum Reason {
    /** FRAG was not 0: RFC 1928 fragmentation is optional and no proxy here sends it, so it is not reassembled. */
    FRAGMENTED,
    /** Too short, or an unknown address type: not a SOCKS5 UDP datagram. */
    MALFORMED,
    /** An inner header did not name the next hop's relay: someone else sent to a relay of ours. */
    NOT_FROM_RELAY
  }
}
