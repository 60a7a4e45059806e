package dev.socksify.chain.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A resource record (RFC 1035 4.1.3). {@code rdata} is kept raw: for A and AAAA it is the address; names inside other
 * types' data (CNAME, MX, …) may be compression pointers into the message they came from, which is why this code only
 * interprets addresses and passes everything else through untouched.
 */
public record DnsRecord(DnsName name, DnsType type, int dnsClass, long ttl, byte[] rdata) {
  public DnsRecord {
    if (ttl < 0 || ttl > 0xFFFFFFFFL || rdata.length > 0xFFFF || dnsClass < 0 || dnsClass > 0xFFFF) {
      throw new IllegalArgumentException("bad record " + name + " " + type);
    }
    rdata = rdata.clone();
  }

  /** An A or AAAA record for {@code address}, by its family. */
  public static DnsRecord address(DnsName name, InetAddress address, long ttl) {
    byte[] raw = address.getAddress();
    return new DnsRecord(name, raw.length == 4 ? DnsType.A : DnsType.AAAA, DnsQuestion.CLASS_IN, ttl, raw);
  }

  @Override
  public byte[] rdata() {
    return rdata.clone();
  }

  int rdataLength() {
    return rdata.length;
  }

  /** The address of an A or AAAA record of class IN; empty for anything else or a wrong-sized rdata. */
  public Optional<InetAddress> address() {
    boolean a = type.equals(DnsType.A) && rdata.length == 4;
    boolean aaaa = type.equals(DnsType.AAAA) && rdata.length == 16;
    if (dnsClass != DnsQuestion.CLASS_IN || !(a || aaaa)) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(rdata));
    } catch (UnknownHostException impossible) {
      throw new AssertionError(impossible);
    }
  }

  @Override
  public String toString() {
    return name + " " + ttl + " " + type + address().map(a -> " " + a.getHostAddress()).orElse(
        " (" + rdata.length + " bytes)");
  }
}
