package dev.socksify.chain;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Formatting and parsing of endpoints without ever triggering a DNS lookup. */
public final class Addresses {
  private Addresses() {}

  /** {@code host:port} for an address; the name if it has one, else the literal; IPv6 literals in brackets. */
  public static String format(InetSocketAddress address) {
    if (address == null) {
      return "?";
    }
    if (address.isUnresolved() || address.getAddress() == null) {
      return format(address.getHostString(), address.getPort());
    }
    return format(address.getAddress().getHostAddress(), address.getPort());
  }

  /** {@code host:port}, IPv6 literals in brackets. */
  public static String format(String host, int port) {
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** True if the string is an IPv4 or IPv6 literal (brackets allowed around IPv6). */
  public static boolean isLiteral(String host) {
    return literal(host) != null;
  }

  /** The address of an IP literal, or {@code null} when {@code host} is a name. Never resolves. */
  public static InetAddress literal(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.isEmpty()) {
      return null;
    }
    boolean v6 = h.indexOf(':') >= 0;
    if (!v6 && !h.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')) {
      return null;
    }
    if (v6 && !h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
      return null;
    }
    if (!v6 && h.chars().filter(c -> c == '.').count() != 3) {
      return null;
    }
    try {
      // getByName does not query DNS for literals, which the checks above guarantee.
      return InetAddress.getByName(h);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether {@code address} (4 or 16 bytes) is an IPv4-mapped IPv6 address, {@code ::ffff:a.b.c.d}. */
  public static boolean isIpv4Mapped(byte[] address) {
    if (address.length != 16 || address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
      return false;
    }
    for (int k = 0; k < 10; k++) {
      if (address[k] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The IPv4 address an IPv4-mapped IPv6 one carries ({@code ::ffff:10.1.2.3} is {@code 10.1.2.3}), else
   * {@code address} itself. A dual-stack socket reports IPv4 peers that way, and an {@code Inet6Address} made with a
   * scope keeps the mapped form.
   */
  public static InetAddress unmapped(InetAddress address) {
    byte[] b = address.getAddress();
    if (!isIpv4Mapped(b)) {
      return address;
    }
    try {
      return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
    } catch (UnknownHostException impossible) {
      throw new AssertionError(impossible);
    }
  }

  /** A resolved address for a literal, an unresolved one for a name. */
  public static InetSocketAddress parseLiteralOrUnresolved(String host, int port) {
    InetAddress literal = literal(host);
    return literal != null ? new InetSocketAddress(literal, port) : InetSocketAddress.createUnresolved(host, port);
  }
}
