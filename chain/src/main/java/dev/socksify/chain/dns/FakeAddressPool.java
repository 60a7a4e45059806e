package dev.socksify.chain.dns;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.rules.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fake addresses for names that only the chain resolves: a name looked up gets an address from a reserved range, and
 * a connection to that address is sent to the chain by name (SOCKS5 DOMAIN, SOCKS4a, CONNECT host). Used by the
 * agent's remote DNS and by the redirector's {@code fake-ip} DNS mode. Thread-safe; lookups of known names and reverse
 * lookups take no lock.
 *
 * <ul>
 *   <li>One address per name and family, the same for as long as the name is remembered. Names are compared without
 *       ASCII case and without a trailing dot: {@code Service.Test.} and {@code service.test} are one name.
 *   <li>IPv4 range: {@value #DEFAULT_IPV4_RANGE} by default (RFC 2544 benchmarking space: never routed on the
 *       internet, so it cannot hide a real destination), or proxychains' {@code remote_dns_subnet N} as N.0.0.0/8.
 *   <li>IPv6 range: none by default, so AAAA queries get an empty answer and applications use the IPv4 fake at once.
 *       With a redirector an IPv6 fake only works if the host has a route for it (REDIRECT runs after routing), which
 *       is a deliberate set-up step. {@value #SUGGESTED_IPV6_RANGE} is the range to use: a ULA /64 (RFC 4193) whose
 *       global ID spells "socks" in ASCII (73 6f 63 6b 73), unlikely to collide with a site's own ULA.
 *   <li>Bounded: at most {@code capacity} names per family ({@value #DEFAULT_CAPACITY} by default, about 200 bytes
 *       each), least recently used forgotten first (CLOCK; see {@link FakeNameTable}). Evicted addresses are reused
 *       only after the cursor has walked the rest of the range.
 *   <li>Fail closed: {@link #nameForConnect} throws {@link StaleFakeAddressException} for an address in a fake range
 *       without a name, so no connection ever goes out directly to a fake address.
 * </ul>
 */
public final class FakeAddressPool {
  public static final String DEFAULT_IPV4_RANGE = "198.18.0.0/15";
  public static final String SUGGESTED_IPV6_RANGE = "fd73:6f63:6b73::/64";
  public static final int DEFAULT_CAPACITY = 65536;

  private static final int MAX_NAME = 253;

  private final FakeNameTable ipv4;
  private final FakeNameTable ipv6;

  private FakeAddressPool(FakeRange ipv4, FakeRange ipv6, int capacity) {
    if (ipv4 == null && ipv6 == null) {
      throw new IllegalArgumentException("a fake address pool needs an IPv4 or an IPv6 range");
    }
    if ((ipv4 != null && !ipv4.isIpv4()) || (ipv6 != null && ipv6.isIpv4())) {
      throw new IllegalArgumentException("fake ranges swapped: IPv4 " + ipv4 + ", IPv6 " + ipv6);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("fake address capacity must be at least 1, got " + capacity);
    }
    this.ipv4 = ipv4 == null ? null : new FakeNameTable(ipv4, capacity);
    this.ipv6 = ipv6 == null ? null : new FakeNameTable(ipv6, capacity);
  }

  /**
   * A pool over the given ranges (either may be null, not both) remembering at most {@code capacity} names per family.
   */
  public static FakeAddressPool of(FakeRange ipv4, FakeRange ipv6, int capacity) {
    return new FakeAddressPool(ipv4, ipv6, capacity);
  }

  /** {@value #DEFAULT_IPV4_RANGE}, no IPv6, {@value #DEFAULT_CAPACITY} names. */
  public static FakeAddressPool defaults() {
    return of(FakeRange.parse(DEFAULT_IPV4_RANGE), null, DEFAULT_CAPACITY);
  }

  /** proxychains' {@code remote_dns_subnet N}: N.0.0.0/8, IPv4 only, {@value #DEFAULT_CAPACITY} names. */
  public static FakeAddressPool proxychains(int remoteDnsSubnet) {
    return of(FakeRange.proxychainsSubnet(remoteDnsSubnet), null, DEFAULT_CAPACITY);
  }

  /** The pool for a config's fake subnet (IPv4 or IPv6, by the subnet's family), {@value #DEFAULT_CAPACITY} names. */
  public static FakeAddressPool forSubnet(Cidr subnet) {
    FakeRange range = FakeRange.of(subnet);
    return range.isIpv4() ? of(range, null, DEFAULT_CAPACITY) : of(null, range, DEFAULT_CAPACITY);
  }

  public Optional<FakeRange> ipv4Range() {
    return Optional.ofNullable(ipv4).map(FakeNameTable::range);
  }

  public Optional<FakeRange> ipv6Range() {
    return Optional.ofNullable(ipv6).map(FakeNameTable::range);
  }

  /**
   * The IPv4 fake address of {@code name} (its host name is the normalised name), or empty without an IPv4 range.
   *
   * @throws UnknownHostException {@code name} cannot be a host name (see {@link #normalize})
   */
  public Optional<InetAddress> ipv4(String name) throws UnknownHostException {
    String n = normalize(name);
    return Optional.ofNullable(ipv4).map(t -> t.addressFor(n));
  }

  /** The IPv6 fake address of {@code name}, or empty without an IPv6 range. */
  public Optional<InetAddress> ipv6(String name) throws UnknownHostException {
    String n = normalize(name);
    return Optional.ofNullable(ipv6).map(t -> t.addressFor(n));
  }

  /** All fake addresses of {@code name}, IPv4 first (the order the JDK prefers by default); never empty. */
  public List<InetAddress> lookup(String name) throws UnknownHostException {
    String n = normalize(name);
    List<InetAddress> out = new ArrayList<>(2);
    if (ipv4 != null) {
      out.add(ipv4.addressFor(n));
    }
    if (ipv6 != null) {
      out.add(ipv6.addressFor(n));
    }
    return out;
  }

  /** True if {@code address} lies in a fake range, whether or not it maps to a name. */
  public boolean isFake(InetAddress address) {
    return table(address) != null;
  }

  /** The name behind a fake address; empty for real addresses and for fake ones that map to no name. */
  public Optional<String> nameOf(InetAddress address) {
    FakeNameTable t = table(address);
    return t == null ? Optional.empty() : t.nameOf(Addresses.unmapped(address));
  }

  /**
   * What a connection to {@code address} must do: empty — it is no fake address, connect as usual; a name — send the
   * name to the chain.
   *
   * @throws StaleFakeAddressException the address is fake but maps to no name; the connection must fail
   */
  public Optional<String> nameForConnect(InetAddress address) throws StaleFakeAddressException {
    FakeNameTable t = table(address);
    if (t == null) {
      return Optional.empty();
    }
    Optional<String> name = t.nameOf(Addresses.unmapped(address));
    if (name.isEmpty()) {
      throw new StaleFakeAddressException(address, t.range(), t.capacity());
    }
    return name;
  }

  /** Names remembered now, per family added up. */
  public int size() {
    return (ipv4 == null ? 0 : ipv4.size()) + (ipv6 == null ? 0 : ipv6.size());
  }

  /** Names forgotten to make room so far, both families. */
  public long evictions() {
    return (ipv4 == null ? 0 : ipv4.evictions()) + (ipv6 == null ? 0 : ipv6.evictions());
  }

  /**
   * The key a name is remembered under: ASCII lower case, one trailing dot dropped.
   *
   * @throws UnknownHostException empty, over 253 characters, an empty label or one over 63 characters, or a character
   *     other than letters, digits, hyphen, underscore and dot
   * @throws IllegalArgumentException an IPv4 literal: those never get a fake address, callers must not ask (an IPv6
   *     literal is rejected as no host name)
   */
  public static String normalize(String name) throws UnknownHostException {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (n.isEmpty() || n.length() > MAX_NAME) {
      throw new UnknownHostException(quoted(name) + ": not a host name (length " + n.length() + ")");
    }
    int labelStart = 0;
    boolean digitsAndDots = true;
    for (int k = 0; k <= n.length(); k++) {
      char c = k < n.length() ? n.charAt(k) : '.';
      digitsAndDots &= c == '.' || (c >= '0' && c <= '9');
      if (c == '.') {
        int len = k - labelStart;
        if (len == 0 || len > DnsName.MAX_LABEL) {
          throw new UnknownHostException(quoted(name) + ": not a host name (label of " + len + " characters)");
        }
        labelStart = k + 1;
      } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
          || c == '_')) {
        throw new UnknownHostException(quoted(name) + ": not a host name (character '" + c + "')");
      }
    }
    // IPv6 literals fail the character check above; only an all-numeric name can be an IPv4 literal
    if (digitsAndDots && Addresses.isLiteral(n)) {
      throw new IllegalArgumentException(quoted(name) + " is an IP literal; literals get no fake address");
    }
    return n.toLowerCase(Locale.ROOT);
  }

  private static String quoted(String name) {
    return "'" + (name.length() > 80 ? name.substring(0, 80) + "…" : name) + "'";
  }

  private FakeNameTable table(InetAddress address) {
    InetAddress a = Addresses.unmapped(address);
    FakeNameTable t = a instanceof Inet4Address ? ipv4 : ipv6;
    return t != null && t.range().contains(a) ? t : null;
  }
  @Override
  public String toString() {
    return "fake addresses " + ipv4Range().map(Object::toString).orElse("no IPv4") + ", "
        + ipv6Range().map(Object::toString).orElse("no IPv6");
  }
}
