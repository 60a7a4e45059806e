package dev.socksify.chain.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.blocking.SocketChannelTransport;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The forwarding exchange against loopback servers that answer right, wrong, or not at all. */
class DnsOverTcpTest {
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  /** Serves one connection: reads one framed query, writes {@code reply(query)} raw (null: close instead). */
  private byte[] exchangeWith(UnaryOperator<byte[]> reply, byte[] query) throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Future<?> served = executor.submit(() -> {
        try (Socket s = server.accept()) {
          s.setSoTimeout(5000);
          byte[] asked = DnsTcpFraming.read(s.getInputStream());
          byte[] out = reply.apply(asked);
          if (out != null) {
            s.getOutputStream().write(out);
            s.getOutputStream().flush();
          }
        }
        return null;
      });
      try (Socket client = new Socket()) {
        client.connect(server.getLocalSocketAddress(), 5000);
        client.setSoTimeout(5000);
        return DnsOverTcp.exchange(client.getInputStream(), client.getOutputStream(), query);
      } finally {
        served.get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static byte[] fakeAnswer(byte[] query) {
    try {
      DnsMessage q = DnsMessageReader.read(query);
      return DnsTcpFraming.frame(DnsMessageWriter.write(DnsResponses.addresses(q,
          List.of(InetAddress.getByName("10.0.0.7")), 5)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final byte[] QUERY = DnsMessageWriter.write(DnsQueries.query(0x0101, DnsName.of("a.test"),
      DnsType.A));

  @Test
  void matchingAnswerIsReturnedUnchanged() throws Exception {
    byte[] got = exchangeWith(DnsOverTcpTest::fakeAnswer, QUERY);
    assertArrayEquals(java.util.Arrays.copyOfRange(fakeAnswer(QUERY), 2, fakeAnswer(QUERY).length), got);
  }

  @Test
  void answerToAnotherIdIsRejected() {
    DnsProtocolException e = assertThrows(DnsProtocolException.class, () -> exchangeWith(q -> {
      byte[] a = fakeAnswer(q);
      a[3] ^= 1;
      return a;
    }, QUERY));
    assertTrue(e.getMessage().contains("answer id 256 does not match query id 257"), e.getMessage());
  }

  @Test
  void answerToAnotherQuestionIsRejected() {
    byte[] other = DnsMessageWriter.write(DnsQueries.query(0x0101, DnsName.of("b.test"), DnsType.A));
    DnsProtocolException e = assertThrows(DnsProtocolException.class,
        () -> exchangeWith(q -> fakeAnswer(other), QUERY));
    assertTrue(e.getMessage().contains("answer is for b.test A(1), not #257 query a.test A(1)"), e.getMessage());
  }

  @Test
  void aQueryInsteadOfAnAnswerIsRejected() {
    DnsProtocolException e = assertThrows(DnsProtocolException.class,
        () -> exchangeWith(DnsTcpFraming::frame, QUERY));
    assertTrue(e.getMessage().contains("got a query instead of the answer"), e.getMessage());
  }

  @Test
  void garbageAndEarlyCloseFailCleanly() {
    assertThrows(DnsProtocolException.class, () -> exchangeWith(q -> Hex.bytes("0003 010203"), QUERY));
    assertThrows(EOFException.class, () -> exchangeWith(q -> null, QUERY));
    assertThrows(EOFException.class, () -> exchangeWith(q -> Hex.bytes("0040 0101"), QUERY));
    assertThrows(DnsProtocolException.class, () -> DnsOverTcp.exchange(null, null, Hex.bytes("01")),
        "the query is checked before anything is sent");
  }

  @Test
  void blockingTransportGivesUpAtTheDeadline() throws Exception {
    try (ServerSocket silent = new ServerSocket()) {
      silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (SocketChannelTransport t = SocketChannelTransport.open(
          (InetSocketAddress) silent.getLocalSocketAddress(), Duration.ofSeconds(5));
          Socket accepted = silent.accept()) {
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
            () -> DnsOverTcp.exchange(t, QUERY, Duration.ofMillis(300)));
        assertEquals("DNS over TCP: no complete answer within 300 ms", e.getMessage());
        assertArrayEquals(QUERY, DnsTcpFraming.read(accepted.getInputStream()), "the query went out framed");
      }
    }
  }

  @Test
  void blockingTransportEofInsideTheAnswer() throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (SocketChannelTransport t = SocketChannelTransport.open(
          (InetSocketAddress) server.getLocalSocketAddress(), Duration.ofSeconds(5))) {
        try (Socket accepted = server.accept()) {
          accepted.getOutputStream().write(Hex.bytes("0040 0101"));
        }
        EOFException e = assertThrows(EOFException.class, () -> DnsOverTcp.exchange(t, QUERY, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("after 2 of 64 bytes"), e.getMessage());
      }
    }
  }
}
