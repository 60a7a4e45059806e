package dev.socksify.chain.rules;

import dev.socksify.chain.Addresses;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code fd00::/8}. Kept as two longs and masks so a
 * match is a few comparisons. An IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) is an IPv4 address here,
 * and an IPv4-mapped network ({@code ::ffff:10.0.0.0/104}) an IPv4 network: both sides mean the same host.
 */
public final class Cidr {
  static final int NONE = 0;
  static final int V4 = 4;
  static final int V6 = 6;

  private final int family;
  private final int prefix;
  private final long maskHi;
  private final long maskLo;
  private final long netHi;
  private final long netLo;
  private final InetAddress network;

  private Cidr(int family, long hi, long lo, int prefix) {
    this.family = family;
    this.prefix = prefix;
    if (family == V4) {
      maskHi = 0;
      maskLo = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    } else {
      maskHi = prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
      maskLo = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
    }
    netHi = hi & maskHi;
    netLo = lo & maskLo;
    network = toAddress(family, netHi, netLo);
  }

  /**
   * {@code 10.0.0.0/8}, {@code fd00::/8}, or a single address ({@code 10.0.0.1} is {@code /32}). Host bits
   * below the prefix must be zero: {@code 10.1.0.0/8} is almost always a typo, so it is rejected.
   *
   * @throws IllegalArgumentException with a message fit for a config error
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    InetAddress address = Addresses.literal(addressText);
    if (address == null) {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR like 10.0.0.0/8 or fd00::/8");
    }
    // The JDK turns ::ffff:a.b.c.d into an IPv4 address; its prefix is still counted over 128 bits.
    boolean writtenAsV6 = addressText.indexOf(':') >= 0;
    int max = writtenAsV6 ? 128 : 32;
    int prefix = max;
    if (slash >= 0) {
      String bits = text.substring(slash + 1);
      if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("prefix length '" + bits + "' in '" + text + "' is not a number");
      }
      prefix = Integer.parseInt(bits);
      if (prefix > max) {
        throw new IllegalArgumentException("prefix length /" + prefix + " in '" + text + "' is over " + max);
      }
    }
    int familyPrefix = writtenAsV6 && address.getAddress().length == 4 ? prefix - 96 : prefix;
    if (familyPrefix < 0) {
      throw new IllegalArgumentException("'" + text + "' mixes IPv4-mapped and other IPv6 addresses; use /96 or more");
    }
    Cidr cidr = of(address, familyPrefix);
    if (!cidr.contains(address) || !sameBits(cidr, address)) {
      throw new IllegalArgumentException("'" + text + "' has bits set past /" + prefix + " (did you mean " + cidr + "?)");
    }
    return cidr;
  }

  /** The network of {@code address} with {@code prefix} bits; host bits are cleared. */
  public static Cidr of(InetAddress address, int prefix) {
    byte[] b = address.getAddress();
    if (b.length == 4 || Addresses.isIpv4Mapped(b)) {
      int v4Prefix = b.length == 4 ? prefix : prefix - 96;
      if (v4Prefix < 0 || v4Prefix > 32) {
        throw new IllegalArgumentException("prefix length /" + prefix + " does not fit " + address.getHostAddress());
      }
      return new Cidr(V4, 0, v4(b), v4Prefix);
    }
    if (prefix < 0 || prefix > 128) {
      throw new IllegalArgumentException("prefix length /" + prefix + " does not fit " + address.getHostAddress());
    }
    return new Cidr(V6, bits(b, 0), bits(b, 8), prefix);
  }

  /** Whether {@code address} lies in this network. */
  public boolean contains(InetAddress address) {
    if (address == null) {
      return false;
    }
    byte[] b = address.getAddress();
    if (b.length == 4 || Addresses.isIpv4Mapped(b)) {
      return matches(V4, 0, v4(b));
    }
    return matches(V6, bits(b, 0), bits(b, 8));
  }

  /** Whether this is an IPv4 network (IPv4-mapped IPv6 networks count as IPv4). */
  public boolean isIpv4() {
    return family == V4;
  }

  /** The network address (host bits zero). */
  public InetAddress network() {
    return network;
  }

  public int prefixLength() {
    return prefix;
  }

  boolean matches(int family, long hi, long lo) {
    return family == this.family && (hi & maskHi) == netHi && (lo & maskLo) == netLo;
  }

  /** The family of an address as {@link #matches} wants it: {@link #V4} or {@link #V6}. */
  static int family(byte[] b) {
    return b.length == 4 || Addresses.isIpv4Mapped(b) ? V4 : V6;
  }

  /** The high 64 bits of an address as {@link #matches} wants them (0 for IPv4). */
  static long high(byte[] b) {
    return family(b) == V4 ? 0 : bits(b, 0);
  }

  /** The low 64 bits of an address as {@link #matches} wants them (the IPv4 address for IPv4). */
  static long low(byte[] b) {
    return family(b) == V4 ? v4(b) : bits(b, 8);
  }

  private static boolean sameBits(Cidr cidr, InetAddress address) {
    byte[] b = address.getAddress();
    return cidr.family == V4 ? v4(b) == cidr.netLo : bits(b, 0) == cidr.netHi && bits(b, 8) == cidr.netLo;
  }
  private static long v4(byte[] b) {
    int o = b.length - 4;
    return ((b[o] & 0xffL) << 24) | ((b[o + 1] & 0xffL) << 16) | ((b[o + 2] & 0xffL) << 8) | (b[o + 3] & 0xffL);
  }

  private static long bits(byte[] b, int from) {
    long v = 0;
    for (int i = from; i < from + 8; i++) {
      v = (v << 8) | (b[i] & 0xffL);
    }
    return v;
  }

  private static InetAddress toAddress(int family, long hi, long lo) {
    byte[] b = new byte[family == V4 ? 4 : 16];
    if (family == V4) {
      for (int i = 0; i < 4; i++) {
        b[i] = (byte) (lo >>> (24 - 8 * i));
      }
    } else {
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) (hi >>> (56 - 8 * i));
        b[i + 8] = (byte) (lo >>> (56 - 8 * i));
      }
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.family == family && c.prefix == prefix && c.netHi == netHi && c.netLo == netLo;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(netHi * 31 + netLo) * 31 + prefix * 7 + family;
  }

  /** {@code 10.0.0.0/8}, {@code fd00::/8}. */
  @Override
  public String toString() {
    String host = network.getHostAddress();
    if (family == V6) {
      host = compress(host);
    }
    return host + "/" + prefix;
  }

  /** The JDK prints {@code fd00:0:0:0:0:0:0:0}; configs and docs write {@code fd00::}. */
  private static String compress(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < groups.length; i++) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
    }
    if (bestStart < 0) {
      return full;
    }
    String head = String.join(":", java.util.Arrays.asList(groups).subList(0, bestStart));
    String tail = String.join(":", java.util.Arrays.asList(groups).subList(bestStart + bestLen, groups.length));
    return head + "::" + tail;
  }
}
