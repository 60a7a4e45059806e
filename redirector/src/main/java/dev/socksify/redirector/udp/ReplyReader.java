package dev.socksify.redirector.udp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/** The last handler of a leg's socket: every datagram read (unwrapped, with its real sender) goes to the flow. */
final class ReplyReader extends ChannelInboundHandlerAdapter {
  private final UdpFlow flow;

  ReplyReader(UdpFlow flow) {
    this.flow = flow;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket packet) {
      flow.reply(packet.sender(), packet.content());
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // ICMP port unreachable and the like, queued on an unconnected socket: nothing for the flow to do
  }
}
