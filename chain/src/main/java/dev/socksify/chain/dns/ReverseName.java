package dev.socksify.chain.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** The address a reverse-lookup name stands for: {@code d.c.b.a.in-addr.arpa} (RFC 1035 3.5), nibbles under ip6.arpa. */
final class ReverseName {
  private static final String V4 = ".in-addr.arpa";
  private static final String V6 = ".ip6.arpa";

  private ReverseName() {}

  /** The address, if {@code name} is a complete reverse name (a partial one names a zone, not an address). */
  static Optional<InetAddress> address(DnsName name) {
    String host = name.hostname().orElse("");
    if (host.endsWith(V4)) {
      return parse(host.substring(0, host.length() - V4.length()), 4, 10, 3);
    }
    if (host.endsWith(V6)) {
      return parse(host.substring(0, host.length() - V6.length()), 32, 16, 1);
    }
    return Optional.empty();
  }

  /** Labels in reverse order, each a number in {@code radix} of at most {@code maxDigits} digits. */
  private static Optional<InetAddress> parse(String labels, int count, int radix, int maxDigits) {
    String[] parts = labels.split("\\.", -1);
    if (parts.length != count) {
      return Optional.empty();
    }
    int bytes = radix == 10 ? 4 : 16;
    byte[] raw = new byte[bytes];
    for (int k = 0; k < count; k++) {
      String part = parts[count - 1 - k];
      if (part.isEmpty() || part.length() > maxDigits || !part.chars().allMatch(c -> Character.digit(c, radix) >= 0)) {
        return Optional.empty();
      }
      int v = Integer.parseInt(part, radix);
      if (radix == 10) {
        if (v > 255) {
          return Optional.empty();
        }
        raw[k] = (byte) v;
      } else {
        raw[k / 2] |= (byte) (k % 2 == 0 ? v << 4 : v);
      }
    }
    try {
      return Optional.of(InetAddress.getByAddress(raw));
    } catch (UnknownHostException impossible) {
      throw new AssertionError(impossible);
    }
  }
}
