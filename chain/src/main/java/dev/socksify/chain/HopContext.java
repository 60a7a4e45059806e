package dev.socksify.chain;

import java.net.InetSocketAddress;

/**
 * One step of a chain: hop number {@code index} (1-based, as users count) is asked to connect to
 * {@code target}, which is the next hop or, for the last one, the destination. Every failure message starts
 * with {@link #toString()}: {@code hop 2 socks5 10.0.0.5:1080 -> db.internal:5432}.
 */
public record HopContext(int index, Hop hop, InetSocketAddress target) {
  @Override
  public String toString() {
    return "hop " + index + " " + hop + " -> " + Addresses.format(target);
  }
}
