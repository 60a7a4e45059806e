package dev.socksify.redirector.firewall;

import dev.socksify.chain.Addresses;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An address block such as {@code 10.0.0.0/8} or {@code fd00::/8}. Parsing never touches DNS, and only what
 * parses here reaches a rule script, so a config value cannot smuggle options into iptables or nft.
 */
public record Cidr(InetAddress address, int prefix) {
  public Cidr {
    int max = address instanceof Inet4Address ? 32 : 128;
    if (prefix < 0 || prefix > max) {
      throw new IllegalArgumentException("prefix length out of range 0-" + max + ": " + prefix);
    }
  }

  /** A single address as a block of one. */
  public static Cidr of(InetAddress address) {
    return new Cidr(address, address instanceof Inet4Address ? 32 : 128);
  }

  /**
   * Parses {@code ADDRESS[/PREFIX]}.
   *
   * @throws IllegalArgumentException naming the bad text
   */
  public static Cidr parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String host = slash < 0 ? t : t.substring(0, slash);
    InetAddress address = Addresses.literal(host);
    if (address == null) {
      throw new IllegalArgumentException("not an IP address or CIDR block: '" + text + "'");
    }
    if (slash < 0) {
      return of(address);
    }
    String bits = t.substring(slash + 1);
    if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("bad prefix length in '" + text + "'");
    }
    return new Cidr(address, Integer.parseInt(bits));
  }

  public boolean isIpv4() {
    return address instanceof Inet4Address;
  }

  /** Whether {@code candidate} lies inside this block. */
  public boolean contains(InetAddress candidate) {
    byte[] a = address.getAddress();
    byte[] c = candidate.getAddress();
    if (a.length != c.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != c[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (c[full] & mask);
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefix;
  }
}
