package dev.socksify.chain.dns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Asks a DNS server over an already open TCP stream: used to forward queries through a chain (the stream is the
 * tunnel a CONNECT to the configured resolver opened). Transport-agnostic: any pair of streams will do, a
 * {@code Socket}'s or {@code Channels.newInputStream} of a {@code SocketChannel}'s. Timeouts are the stream's
 * (set {@code SO_TIMEOUT} on the socket). One query at a time per stream; call again on the same streams to reuse
 * the connection (RFC 7766 6.2.1).
 */
public final class DnsOverTcp {
  private DnsOverTcp() {}

  /**
   * Sends {@code query} and returns the server's response bytes, unchanged, after checking that they answer it:
   * a response (QR set) with the query's id and question (RFC 5452 9.1: same name ignoring case, type and class).
   *
   * @throws DnsProtocolException the query is not a valid message, or the response is malformed or answers
   *     something else
   * @throws java.io.EOFException the server closed the connection before answering in full
   * @throws IOException the stream failed (including {@code SocketTimeoutException})
   */
  public static byte[] exchange(InputStream in, OutputStream out, byte[] query) throws IOException {
    DnsMessage asked = DnsMessageReader.read(query);
    DnsTcpFraming.write(out, query);
    byte[] response = DnsTcpFraming.read(in);
    DnsMessage answered = DnsMessageReader.read(response);
    check(asked, answered);
    return response;
  }

  private static void check(DnsMessage asked, DnsMessage answered) throws DnsProtocolException {
    if (!answered.isResponse()) {
      throw new DnsProtocolException(answered.id(), "DNS over TCP: got a query instead of the answer to " + asked);
    }
    if (answered.id() != asked.id()) {
      throw new DnsProtocolException(answered.id(),
          "DNS over TCP: answer id " + answered.id() + " does not match query id " + asked.id());
    }
    Optional<DnsQuestion> q = answered.question();
    // A server may leave the question out of FORMERR/NOTIMP answers (RFC 1035 is silent); accept that only there.
    boolean questionless = answered.questions().isEmpty()
        && (answered.rcode().equals(DnsRcode.FORMERR) || answered.rcode().equals(DnsRcode.NOTIMP));
    if (!questionless && !answered.questions().equals(asked.questions())) {
      throw new DnsProtocolException(answered.id(), "DNS over TCP: answer is for "
          + q.map(Object::toString).orElse(answered.questions().size() + " questions") + ", not " + asked);
    }
  }
}
