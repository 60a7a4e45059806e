package dev.socksify.chain.dns;

import java.util.Map;

/**
 * A response code (RFC 1035 4.1.1; BADVERS from RFC 6891 needs the EDNS extended bits, hence 12 bits). Open: unknown
 * codes from upstream answers are kept.
 */
public record DnsRcode(int code) {
  public static final DnsRcode NOERROR = new DnsRcode(0);
  public static final DnsRcode FORMERR = new DnsRcode(1);
  public static final DnsRcode SERVFAIL = new DnsRcode(2);
  public static final DnsRcode NXDOMAIN = new DnsRcode(3);
  public static final DnsRcode NOTIMP = new DnsRcode(4);
  public static final DnsRcode REFUSED = new DnsRcode(5);
  public static final DnsRcode BADVERS = new DnsRcode(16);

  private static final Map<Integer, String> NAMES = Map.of(
      0, "NOERROR", 1, "FORMERR", 2, "SERVFAIL", 3, "NXDOMAIN", 4, "NOTIMP", 5, "REFUSED", 16, "BADVERS");

  public DnsRcode {
    if (code < 0 || code > 0xFFF) {
      throw new IllegalArgumentException("DNS rcode out of range: " + code);
    }
  }

  public static DnsRcode valueOf(int code) {
    return new DnsRcode(code);
  }

  @Override
  public String toString() {
    return NAMES.getOrDefault(code, "RCODE") + "(" + code + ")";
  }
}
