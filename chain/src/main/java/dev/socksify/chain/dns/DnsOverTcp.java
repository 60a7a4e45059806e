package dev.socksify.chain.dns;

import dev.socksify.chain.blocking.BlockingTransport;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
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

  /**
   * The same over a {@link BlockingTransport}, e.g. the transport of the {@code BlockingTunnel} a
   * {@code BlockingChainConnector} opened to the configured resolver; the whole exchange waits at most
   * {@code timeout}.
   *
   * @throws SocketTimeoutException no complete answer within {@code timeout}
   */
  public static byte[] exchange(BlockingTransport transport, byte[] query, Duration timeout) throws IOException {
    DnsMessage asked = DnsMessageReader.read(query);
    long deadline = System.nanoTime() + timeout.toNanos();
    transport.write(ByteBuffer.wrap(DnsTcpFraming.frame(query)));
    ByteBuffer length = fill(transport, ByteBuffer.allocate(2), deadline, timeout);
    int n = length.getShort(0) & 0xFFFF;
    if (n == 0) {
      throw new DnsProtocolException("DNS over TCP: zero-length message");
    }
    byte[] response = fill(transport, ByteBuffer.allocate(n), deadline, timeout).array();
    check(asked, DnsMessageReader.read(response));
    return response;
  }

  private static ByteBuffer fill(BlockingTransport transport, ByteBuffer buf, long deadline, Duration timeout)
      throws IOException {
    // each pass reads at least one byte or ends: EOF, timeout, or the deadline
    while (buf.hasRemaining()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw timedOut(timeout, null);
      }
      int read;
      try {
        read = transport.read(buf, Duration.ofNanos(left));
      } catch (SocketTimeoutException e) {
        throw timedOut(timeout, e);
      }
      if (read < 0) {
        throw new EOFException("DNS over TCP: connection closed after " + buf.position() + " of " + buf.capacity()
            + " bytes");
      }
    }
    return buf;
  }

  private static SocketTimeoutException timedOut(Duration timeout, Throwable cause) {
    SocketTimeoutException e = new SocketTimeoutException("DNS over TCP: no complete answer within "
        + timeout.toMillis() + " ms");
    e.initCause(cause);
    return e;
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
