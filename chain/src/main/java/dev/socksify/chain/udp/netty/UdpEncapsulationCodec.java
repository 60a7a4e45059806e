package dev.socksify.chain.udp.netty;

import dev.socksify.chain.udp.UdpAssociation;
import dev.socksify.chain.udp.UdpEncapsulation;
import dev.socksify.chain.udp.UdpStats;
import dev.socksify.chain.udp.Unwrapped;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageCodec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Puts a {@link UdpAssociation}'s wrapping into a Netty datagram pipeline (the redirector's flows): a
 * {@link DatagramPacket} written with the destination as recipient leaves wrapped for every hop, addressed to
 * hop 1's relay; a datagram read from hop 1's relay comes up unwrapped, with the real remote as sender.
 * Datagrams from anyone but hop 1's relay, fragments and malformed ones are dropped and counted.
 *
 * <p>A payload too large once wrapped fails the write with an {@code EncoderException} whose cause is a
 * {@link dev.socksify.chain.udp.DatagramTooLargeException}. The codec does not end with the association; the
 * owner closes the channel from {@link UdpAssociation#onClose}, and closes the association with the channel.
 */
public final class UdpEncapsulationCodec extends MessageToMessageCodec<DatagramPacket, DatagramPacket> {
  private final UdpEncapsulation encapsulation;
  private final UdpStats stats;

  public UdpEncapsulationCodec(UdpEncapsulation encapsulation, UdpStats stats) {
    this.encapsulation = encapsulation;
    this.stats = stats;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) throws Exception {
    ByteBuf content = packet.content();
    InetSocketAddress destination = packet.recipient();
    int size = encapsulation.overhead(destination) + content.readableBytes();
    ByteBuf wrapped = ctx.alloc().buffer(size);
    try {
      ByteBuffer target = wrapped.nioBuffer(0, size);
      encapsulation.wrap(destination, content.nioBuffer(), target);
      wrapped.writerIndex(target.position());
      out.add(new DatagramPacket(wrapped, encapsulation.sendTo(), packet.sender()));
      wrapped = null;
      stats.sent();
    } finally {
      if (wrapped != null) {
        wrapped.release();
      }
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
    if (!encapsulation.isFromFirstRelay(packet.sender())) {
      stats.dropped(Unwrapped.Reason.NOT_FROM_RELAY);
      return;
    }
    ByteBuf content = packet.content();
    ByteBuffer view = content.nioBuffer();
    int start = view.position();
    Unwrapped result = encapsulation.unwrap(view);
    if (result instanceof Unwrapped.Datagram datagram) {
      int headers = view.position() - start;
      ByteBuf payload = content.retainedSlice(content.readerIndex() + headers, datagram.payload().remaining());
      out.add(new DatagramPacket(payload, packet.recipient(), datagram.sender()));
      stats.received();
    } else {
      stats.dropped(((Unwrapped.Dropped) result).reason());
    }
  }
}
