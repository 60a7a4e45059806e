package dev.socksify.chain.dns;

import java.util.Map;

/**
 * A resource record type (RFC 1035 3.2.2, later RFCs for the rest). Open: unknown codes are kept, so a query for a
 * type this code never heard of still round-trips and can be forwarded.
 */
public record DnsType(int code) {
  public static final DnsType A = new DnsType(1);
  public static final DnsType NS = new DnsType(2);
  public static final DnsType CNAME = new DnsType(5);
  public static final DnsType SOA = new DnsType(6);
  public static final DnsType PTR = new DnsType(12);
  public static final DnsType MX = new DnsType(15);
  public static final DnsType TXT = new DnsType(16);
  public static final DnsType AAAA = new DnsType(28);
  public static final DnsType SRV = new DnsType(33);
  public static final DnsType OPT = new DnsType(41);
  public static final DnsType SVCB = new DnsType(64);
  public static final DnsType HTTPS = new DnsType(65);
  public static final DnsType ANY = new DnsType(255);

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(1, "A"), Map.entry(2, "NS"), Map.entry(5, "CNAME"), Map.entry(6, "SOA"), Map.entry(12, "PTR"),
      Map.entry(15, "MX"), Map.entry(16, "TXT"), Map.entry(28, "AAAA"), Map.entry(33, "SRV"), Map.entry(41, "OPT"),
      Map.entry(64, "SVCB"), Map.entry(65, "HTTPS"), Map.entry(255, "ANY"));

  public DnsType {
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("DNS type out of range: " + code);
    }
  }

  public static DnsType valueOf(int code) {
    return new DnsType(code);
  }

  /** {@code AAAA(28)}, or {@code TYPE99(99)} for codes without a name here. */
  @Override
  public String toString() {
    return NAMES.getOrDefault(code, "TYPE" + code) + "(" + code + ")";
  }
}
