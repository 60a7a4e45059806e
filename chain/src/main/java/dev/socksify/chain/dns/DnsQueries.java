package dev.socksify.chain.dns;

import java.util.List;

/** Builds queries: one question, recursion desired, optionally with an EDNS OPT record. */
public final class DnsQueries {
  private DnsQueries() {}

  /** A plain RFC 1035 query, the shape {@code dig +noedns} sends (minus dig's AD bit). */
  public static DnsMessage query(int id, DnsName name, DnsType type) {
    return new DnsMessage(id, DnsMessage.RD, List.of(DnsQuestion.in(name, type)), List.of(), List.of(), List.of());
  }

  /** The same with an OPT record advertising {@code udpPayloadSize}, EDNS version 0, no options. */
  public static DnsMessage queryWithEdns(int id, DnsName name, DnsType type, int udpPayloadSize) {
    DnsRecord opt = new Edns(udpPayloadSize, 0, false, 0).toOpt();
    return new DnsMessage(id, DnsMessage.RD, List.of(DnsQuestion.in(name, type)), List.of(), List.of(), List.of(opt));
  }
}
