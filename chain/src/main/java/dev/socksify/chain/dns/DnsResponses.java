package dev.socksify.chain.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * Builds responses to a parsed query. Every response echoes the question byte for byte and the query's RD and CD
 * bits, sets RA (this server recurses, through the chain), never sets AA or AD, and carries no SOA, so a negative
 * answer is not cached downstream (RFC 2308 5) — the fake map may learn the name a moment later.
 *
 * <p>EDNS (RFC 6891): a response to a query that carried an OPT record carries a minimal OPT of its own (payload
 * {@value Edns#DEFAULT_PAYLOAD}, version 0, no DO bit, no options), as 6.1.1 requires of an EDNS-aware responder;
 * the query's options (cookies, client subnet) are ignored, never echoed. A response to a query without OPT has none.
 */
public final class DnsResponses {
  private DnsResponses() {}

  /** NOERROR with the given A/AAAA addresses, owned by the question name, each with {@code ttlSeconds}. */
  public static DnsMessage addresses(DnsMessage query, List<InetAddress> addresses, long ttlSeconds) {
    DnsName owner = query.question().orElseThrow(() -> new IllegalArgumentException(
        "an address answer needs a query with one question: " + query)).name();
    return answer(query, addresses.stream().map(a -> DnsRecord.address(owner, a, ttlSeconds)).toList());
  }

  /** NOERROR with the given answer records. */
  public static DnsMessage answer(DnsMessage query, List<DnsRecord> answers) {
    return build(query, DnsRcode.NOERROR, answers);
  }

  /**
   * An answer without records: NOERROR means "the name exists, but has no data of this type" (NODATA, RFC 2308 2.2),
   * NXDOMAIN "no such name", SERVFAIL, REFUSED, NOTIMP, FORMERR and BADVERS what they say.
   */
  public static DnsMessage error(DnsMessage query, DnsRcode rcode) {
    return build(query, rcode, List.of());
  }

  /**
   * FORMERR for a query too broken to parse: header only (RFC 1035 leaves the question out when it could not be read),
   * with the id the sender matches on and the opcode, RD and CD bits of its header flags.
   */
  public static DnsMessage formatError(int id, int queryFlags) {
    int keep = queryFlags & (0x7800 | DnsMessage.RD | DnsMessage.CD);
    return new DnsMessage(id, DnsMessage.QR | DnsMessage.RA | keep | DnsRcode.FORMERR.code(), List.of(), List.of(),
        List.of(), List.of());
  }

  /**
   * The UDP payload limit for answering {@code query}: 512 without EDNS, else its advertised size clamped to
   * [512, {@value Edns#DEFAULT_PAYLOAD}] so that a relayed answer is never IP-fragmented.
   */
  public static int udpLimit(DnsMessage query) {
    return query.edns().map(e -> Math.min(Edns.DEFAULT_PAYLOAD, Math.max(DnsMessage.CLASSIC_UDP_LIMIT,
        e.udpPayloadSize()))).orElse(DnsMessage.CLASSIC_UDP_LIMIT);
  }

  /**
   * {@code response} itself if it fits in {@code limit} bytes, else the same header and question with TC set and no
   * records but the OPT (RFC 1035 4.2.1, RFC 6891 7): the client then asks again over TCP. Used when an answer
   * fetched over TCP goes back to a UDP client.
   */
  public static byte[] fitUdp(byte[] response, int limit) throws DnsProtocolException {
    if (response.length <= limit) {
      return response;
    }
    DnsMessage full = DnsMessageReader.read(response);
    List<DnsRecord> opt = full.additionals().stream().filter(r -> r.type().equals(DnsType.OPT)).toList();
    return DnsMessageWriter.write(new DnsMessage(full.id(), full.flags() | DnsMessage.TC, full.questions(),
        List.of(), List.of(), opt));
  }

  private static DnsMessage build(DnsMessage query, DnsRcode rcode, List<DnsRecord> answers) {
    int flags = DnsMessage.QR | (query.opcode() << 11) | (query.flags() & (DnsMessage.RD | DnsMessage.CD))
        | DnsMessage.RA | (rcode.code() & 0xF);
    List<DnsRecord> additionals = query.edns().isPresent()
        ? List.of(new Edns(Edns.DEFAULT_PAYLOAD, 0, false, rcode.code() >>> 4).toOpt())
        : List.of();
    return new DnsMessage(query.id(), flags, query.questions(), answers, List.of(), additionals);
  }
}
