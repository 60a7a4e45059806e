package dev.socksify.redirector.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.dns.DnsMessage;
import dev.socksify.chain.dns.DnsMessageWriter;
import dev.socksify.chain.dns.DnsName;
import dev.socksify.chain.dns.DnsProtocolException;
import dev.socksify.chain.dns.DnsQueries;
import dev.socksify.chain.dns.DnsResponses;
import dev.socksify.chain.dns.DnsTcpFraming;
import dev.socksify.chain.dns.DnsType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.io.EOFException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One query over a stream: exact bytes out, a response in pieces, and answers to something else refused. */
class DnsExchangeTest {
  private static final DnsMessage QUERY = DnsQueries.query(0x1234, DnsName.of("a.test"), DnsType.A);
  private static final byte[] QUERY_BYTES = DnsMessageWriter.write(QUERY);

  private static byte[] answer(DnsMessage query) throws Exception {
    return DnsMessageWriter.write(DnsResponses.addresses(query, List.of(InetAddress.getByName("192.0.2.7")), 10));
  }

  @Test
  void sendsTheFramedQueryAndTakesAResponseThatArrivesInPieces() throws Exception {
    Promise<byte[]> result = ImmediateEventExecutor.INSTANCE.newPromise();
    EmbeddedChannel channel = new EmbeddedChannel(new DnsExchange(QUERY_BYTES, QUERY, result));
    ByteBuf sent = channel.readOutbound();
    assertArrayEquals(DnsTcpFraming.frame(QUERY_BYTES), ByteBufUtil.getBytes(sent));
    sent.release();
    byte[] framed = DnsTcpFraming.frame(answer(QUERY));
    channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(framed, 0, 1)));
    channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(framed, 1, 9)));
    assertFalse(result.isDone());
    channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(framed, 9, framed.length)));
    assertArrayEquals(answer(QUERY), result.getNow());
    assertFalse(channel.isOpen(), "one query per connection: closed after the answer");
  }

  @Test
  void anAnswerToAnotherQueryIsRefused() throws Exception {
    Promise<byte[]> result = ImmediateEventExecutor.INSTANCE.newPromise();
    EmbeddedChannel channel = new EmbeddedChannel(new DnsExchange(QUERY_BYTES, QUERY, result));
    ((ByteBuf) channel.readOutbound()).release();
    DnsMessage other = DnsQueries.query(0x1234, DnsName.of("b.test"), DnsType.A);
    channel.writeInbound(Unpooled.wrappedBuffer(DnsTcpFraming.frame(answer(other))));
    assertInstanceOf(DnsProtocolException.class, result.cause());
  }

  @Test
  void aConnectionClosedBeforeTheAnswerFails() {
    Promise<byte[]> result = ImmediateEventExecutor.INSTANCE.newPromise();
    EmbeddedChannel channel = new EmbeddedChannel(new DnsExchange(QUERY_BYTES, QUERY, result));
    ((ByteBuf) channel.readOutbound()).release();
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 40, 1, 2}));
    channel.close();
    assertInstanceOf(EOFException.class, result.cause());
    assertTrue(result.isDone());
  }
}
