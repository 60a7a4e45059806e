package dev.socksify.chain.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * A DNS message (RFC 1035 4.1): header id and flags, and the four sections. Immutable; read with
 * {@link DnsMessageReader}, written with {@link DnsMessageWriter}.
 *
 * @param flags the 16 header bits between id and counts: QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE
 */
public record DnsMessage(
    int id,
    int flags,
    List<DnsQuestion> questions,
    List<DnsRecord> answers,
    List<DnsRecord> authorities,
    List<DnsRecord> additionals) {
  public static final int QR = 0x8000;
  public static final int AA = 0x0400;
  public static final int TC = 0x0200;
  public static final int RD = 0x0100;
  public static final int RA = 0x0080;
  public static final int AD = 0x0020;
  public static final int CD = 0x0010;
  public static final int OPCODE_QUERY = 0;

  /** RFC 1035 4.2.1: without EDNS a UDP message is at most 512 octets. */
  public static final int CLASSIC_UDP_LIMIT = 512;

  public DnsMessage {
    if (id < 0 || id > 0xFFFF || flags < 0 || flags > 0xFFFF) {
      throw new IllegalArgumentException("DNS id and flags are 16 bits: " + id + ", " + flags);
    }
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
    authorities = List.copyOf(authorities);
    additionals = List.copyOf(additionals);
  }

  public boolean isResponse() {
    return (flags & QR) != 0;
  }

  public int opcode() {
    return (flags >>> 11) & 0xF;
  }

  public boolean recursionDesired() {
    return (flags & RD) != 0;
  }

  public boolean truncated() {
    return (flags & TC) != 0;
  }

  /** The response code, with the EDNS upper bits when an OPT record carries them. */
  public DnsRcode rcode() {
    int high = edns().map(Edns::extendedRcodeHigh).orElse(0);
    return DnsRcode.valueOf((high << 4) | (flags & 0xF));
  }

  /**
   * The question when there is exactly one, the only form in use (RFC 9619 makes QDCOUNT 1 the rule for queries).
   */
  public Optional<DnsQuestion> question() {
    return questions.size() == 1 ? Optional.of(questions.get(0)) : Optional.empty();
  }

  /** The EDNS data of the OPT record in the additional section, if any (the reader admits at most one). */
  public Optional<Edns> edns() {
    return additionals.stream().filter(r -> r.type().equals(DnsType.OPT)).findFirst().map(Edns::fromOpt);
  }

  /** A-/AAAA-record addresses of the answer section, in order. */
  public List<InetAddress> answerAddresses() {
    return answers.stream().flatMap(r -> r.address().stream()).toList();
  }

  /**
   * The largest UDP response the sender of this query accepts: its EDNS payload size (never below 512), else 512.
   */
  public int udpPayloadLimit() {
    return edns().map(e -> Math.max(CLASSIC_UDP_LIMIT, e.udpPayloadSize())).orElse(CLASSIC_UDP_LIMIT);
  }

  /** {@code #4711 query service.test A(1)} or {@code #4711 response NXDOMAIN(3) service.test A(1) 0 answers}. */
  @Override
  public String toString() {
    String q = questions.size() == 1 ? questions.get(0).toString() : questions.size() + " questions";
    return "#" + id + (isResponse() ? " response " + rcode() + " " + q + " " + answers.size() + " answers"
        : " query " + q);
  }
}
