package dev.socksify.chain.dns;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.rules.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A CIDR range reserved for fake addresses, and the numbering of the addresses in it that may be handed out.
 *
 * <p>Never handed out, because applications and stacks treat them specially: the network address (and for IPv6 the
 * Subnet-Router anycast address, RFC 4291 2.6.1), the broadcast address, any IPv4 address ending in {@code .0} or
 * {@code .255} (some software takes them for network or broadcast addresses whatever the mask), and the top 128
 * addresses of an IPv6 range (reserved anycast, RFC 2526). A /15 thus gives 512 × 254 = 130048 addresses.
 *
 * <p>Sizes: IPv4 /1 to /30; IPv6 /8 to /120. Only the first 2^62 addresses of a larger IPv6 range are used, which is
 * more than any table will ever remember. Every address inside the range counts as fake, used or not: a connection
 * to one that maps to no name must fail, never go out directly.
 */
public final class FakeRange {
  private static final long IPV6_USABLE_CAP = 1L << 62;

  private final byte[] network;
  private final int prefix;
  private final long usable;
  // IPv4 fast path: every connect asks contains/indexOf, so avoid array copies there
  private final int network4;
  private final int mask4;

  private FakeRange(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
    this.network4 = network.length == 4 ? int4(network) : 0;
    this.mask4 = network.length == 4 ? (int) (0xFFFFFFFFL << (32 - prefix)) : 0;
    int hostBits = network.length * 8 - prefix;
    if (network.length == 4) {
      long size = 1L << hostBits;
      usable = hostBits >= 8 ? (size / 256) * 254 : size - 2;
    } else {
      usable = hostBits > 62 ? IPV6_USABLE_CAP : (1L << hostBits) - 129;
    }
  }

  /**
   * Parses {@code 198.18.0.0/15} or {@code fd73:6f63:6b73::/64}.
   *
   * @throws IllegalArgumentException not a literal, prefix out of range, or host bits set (the message says the
   *     network meant)
   */
  public static FakeRange parse(String cidr) {
    int slash = cidr.indexOf('/');
    InetAddress base = slash < 0 ? null : Addresses.literal(cidr.substring(0, slash).trim());
    if (base == null) {
      throw new IllegalArgumentException("fake range '" + cidr + "': expected an address/prefix like 198.18.0.0/15");
    }
    int prefix;
    try {
      prefix = Integer.parseInt(cidr.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("fake range '" + cidr + "': prefix is not a number");
    }
    boolean v4 = base instanceof Inet4Address;
    int min = v4 ? 1 : 8;
    int max = v4 ? 30 : 120;
    if (prefix < min || prefix > max) {
      throw new IllegalArgumentException("fake range '" + cidr + "': prefix must be /" + min + " to /" + max);
    }
    byte[] raw = base.getAddress();
    byte[] masked = mask(raw, prefix);
    if (!Arrays.equals(raw, masked)) {
      throw new IllegalArgumentException("fake range '" + cidr + "': host bits set; did you mean "
          + toAddress(masked).getHostAddress() + "/" + prefix + "?");
    }
    return new FakeRange(masked, prefix);
  }

  /** The range of a config's fake subnet ({@code DnsSettings.fakeSubnet()}). */
  public static FakeRange of(Cidr subnet) {
    return parse(subnet.network().getHostAddress() + "/" + subnet.prefixLength());
  }

  /** proxychains' {@code remote_dns_subnet N}: the /8 {@code N.0.0.0/8} (224 in its default config). */
  public static FakeRange proxychainsSubnet(int firstOctet) {
    if (firstOctet < 1 || firstOctet > 255) {
      throw new IllegalArgumentException("remote_dns_subnet must be 1 to 255, got " + firstOctet);
    }
    return parse(firstOctet + ".0.0.0/8");
  }

  public boolean isIpv4() {
    return network.length == 4;
  }

  /** How many addresses may be handed out. */
  public long usable() {
    return usable;
  }

  /** True for every address inside the CIDR range, including those never handed out. */
  public boolean contains(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return isIpv4() && ((int4(v4.getAddress()) ^ network4) & mask4) == 0;
    }
    byte[] raw = address.getAddress();
    return raw.length == network.length && Arrays.equals(mask(raw, prefix), network);
  }

  /** The {@code index}-th usable address, 0 ≤ index < {@link #usable()}. */
  public InetAddress addressAt(long index) {
    if (index < 0 || index >= usable) {
      throw new IndexOutOfBoundsException(index + " of " + usable);
    }
    long offset;
    if (isIpv4() && 32 - prefix >= 8) {
      // each /24 gives .1 to .254
      offset = (index / 254) * 256 + index % 254 + 1;
    } else {
      offset = index + 1;
    }
    byte[] raw = network.clone();
    for (int k = raw.length - 1; k >= Math.max(0, raw.length - 8); k--) {
      raw[k] |= (byte) offset;
      offset >>>= 8;
    }
    return toAddress(raw);
  }

  /** The index of {@code address} if it is one of the usable addresses, else -1. */
  public long indexOf(InetAddress address) {
    if (!contains(address)) {
      return -1;
    }
    if (address instanceof Inet4Address v4) {
      return index4((int4(v4.getAddress()) & ~mask4) & 0xFFFFFFFFL);
    }
    byte[] raw = address.getAddress();
    int hostBits = raw.length * 8 - prefix;
    if (hostBits > 64 && high64(raw) != high64(network)) {
      return -1; // beyond the first 2^64 addresses of a big IPv6 range: never handed out
    }
    long offset = low64(raw) & (hostBits >= 64 ? -1L : (1L << hostBits) - 1);
    long index = offset - 1;
    return index >= 0 && index < usable ? index : -1;
  }

  private long index4(long offset) {
    long index;
    if (32 - prefix >= 8) {
      int last = (int) (offset & 0xFF);
      if (last == 0 || last == 255) {
        return -1;
      }
      index = (offset >>> 8) * 254 + last - 1;
    } else {
      index = offset - 1;
    }
    return index >= 0 && index < usable ? index : -1;
  }

  private static int int4(byte[] raw) {
    return ((raw[0] & 0xFF) << 24) | ((raw[1] & 0xFF) << 16) | ((raw[2] & 0xFF) << 8) | (raw[3] & 0xFF);
  }

  private static long high64(byte[] raw) {
    long v = 0;
    for (int k = 0; k < raw.length - 8; k++) {
      v = (v << 8) | (raw[k] & 0xFF);
    }
    return v;
  }

  private static long low64(byte[] raw) {
    long v = 0;
    for (int k = Math.max(0, raw.length - 8); k < raw.length; k++) {
      v = (v << 8) | (raw[k] & 0xFF);
    }
    return v;
  }

  private static byte[] mask(byte[] raw, int prefix) {
    byte[] out = raw.clone();
    for (int k = 0; k < out.length; k++) {
      int bits = Math.max(0, Math.min(8, prefix - k * 8));
      out[k] &= (byte) (0xFF00 >>> bits);
    }
    return out;
  }

  private static InetAddress toAddress(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException impossible) {
      throw new AssertionError(impossible);
    }
  }

  /** {@code 198.18.0.0/15}, {@code fd73:6f63:6b73::/64} (RFC 5952 form, as users write it). */
  @Override
  public String toString() {
    return text(toAddress(network)) + "/" + prefix;
  }

  /** The RFC 5952 text of an address: for IPv6 the longest run of two or more zero groups becomes {@code ::}. */
  static String text(InetAddress address) {
    String plain = address.getHostAddress();
    if (isIpv4(address)) {
      return plain;
    }
    String[] groups = plain.split(":");
    int bestStart = -1;
    int bestLen = 1;
    for (int k = 0; k < groups.length; k++) {
      int len = 0;
      while (k + len < groups.length && groups[k + len].equals("0")) {
        len++;
      }
      if (len > bestLen) {
        bestStart = k;
        bestLen = len;
      }
    }
    if (bestStart < 0) {
      return plain;
    }
    String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
    return head + "::" + tail;
  }

  private static boolean isIpv4(InetAddress address) {
    return address instanceof Inet4Address;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FakeRange r && r.prefix == prefix && Arrays.equals(r.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefix;
  }
}
