package dev.socksify.redirector.dns;

import dev.socksify.chain.dns.DnsMessage;
import dev.socksify.chain.dns.DnsMessageReader;
import dev.socksify.chain.dns.DnsProtocolException;
import dev.socksify.chain.dns.DnsTcpFraming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.io.EOFException;

/**
 * One DNS query over a TCP stream (RFC 7766; a tunnel through the chain, or a direct connection): sends the framed
 * query once the stream is up, reads one framed response, checks that it answers the query (RFC 5452 9.1: id and
 * question), completes the promise and closes the stream.
 */
final class DnsExchange extends ChannelInboundHandlerAdapter {
  private final byte[] query;
  private final DnsMessage asked;
  private final Promise<byte[]> promise;
  private ByteBuf received;

  DnsExchange(byte[] query, DnsMessage asked, Promise<byte[]> promise) {
    this.query = query;
    this.asked = asked;
    this.promise = promise;
  }

  /** The stream could not be opened. */
  void fail(Throwable cause) {
    promise.tryFailure(cause);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    // length and message in one write (RFC 7766 8)
    ctx.writeAndFlush(Unpooled.wrappedBuffer(DnsTcpFraming.frame(query)));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf bytes)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (received == null) {
      received = ctx.alloc().buffer();
    }
    received.writeBytes(bytes);
    bytes.release();
    if (received.readableBytes() < 2) {
      return;
    }
    int length = received.getUnsignedShort(received.readerIndex());
    if (received.readableBytes() < 2 + length) {
      return;
    }
    byte[] response = new byte[length];
    received.getBytes(received.readerIndex() + 2, response);
    try {
      check(DnsMessageReader.read(response));
      promise.trySuccess(response);
    } catch (DnsProtocolException e) {
      promise.tryFailure(e);
    }
    ctx.close();
  }

  private void check(DnsMessage answered) throws DnsProtocolException {
    if (!answered.isResponse() || answered.id() != asked.id()) {
      throw new DnsProtocolException(answered.id(), "the resolver answered something else (id " + answered.id()
          + ", asked " + asked.id() + ")");
    }
    boolean questionless = answered.questions().isEmpty() && answered.rcode().code() != 0;
    if (!questionless && !answered.questions().equals(asked.questions())) {
      throw new DnsProtocolException(answered.id(), "the resolver's answer is for " + answered.questions()
          + ", not " + asked.questions());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    promise.tryFailure(new EOFException("the resolver closed the connection before answering"));
    release();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    promise.tryFailure(cause);
    ctx.close();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  private void release() {
    if (received != null) {
      received.release();
      received = null;
    }
  }
}
