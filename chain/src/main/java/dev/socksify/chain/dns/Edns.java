package dev.socksify.chain.dns;

/**
 * What an OPT pseudo-record says (RFC 6891 6.1): the sender's UDP payload size, EDNS version, the DO bit, and the
 * upper 8 bits of the response code. Options are not interpreted: this code neither needs cookies nor client subnet,
 * and never forwards an OPT it built itself.
 */
public record Edns(int udpPayloadSize, int version, boolean dnssecOk, int extendedRcodeHigh) {
  /**
   * The payload size this code advertises and honours: 1232 octets, the DNS Flag Day 2020 value that avoids IP
   * fragmentation on any common path.
   */
  public static final int DEFAULT_PAYLOAD = 1232;

  static Edns fromOpt(DnsRecord opt) {
    long ttl = opt.ttl();
    return new Edns(opt.dnsClass(), (int) (ttl >>> 16) & 0xFF, (ttl & 0x8000) != 0, (int) (ttl >>> 24) & 0xFF);
  }

  DnsRecord toOpt() {
    long ttl = ((long) extendedRcodeHigh << 24) | ((long) version << 16) | (dnssecOk ? 0x8000 : 0);
    return new DnsRecord(DnsName.ROOT, DnsType.OPT, udpPayloadSize, ttl, new byte[0]);
  }
}
