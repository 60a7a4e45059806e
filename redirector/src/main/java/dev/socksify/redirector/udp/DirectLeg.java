package dev.socksify.redirector.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Datagrams a rule sends direct: from a marked socket of the redirector's (the rules skip it), so the destination
 * sees this host's address as it would without the redirector. One socket per flow and address family; its
 * replies come back to the flow with their real sender.
 */
final class DirectLeg implements Leg {
  private final UdpFlow flow;
  private final EpollDatagramChannel channel;

  private DirectLeg(UdpFlow flow, EpollDatagramChannel channel) {
    this.flow = flow;
    this.channel = channel;
  }

  /** A leg for destinations of {@code family}'s address family; null (logged by the flow) if no socket. */
  static DirectLeg open(UdpFlow flow, InetAddress family) {
    EpollDatagramChannel channel;
    try {
      channel = flow.relay().sockets().udp(family);
    } catch (RuntimeException e) {
      flow.problem("direct-socket", null, "direct", "cannot open a marked UDP socket: " + e.getMessage());
      return null;
    }
    channel.pipeline().addLast(new ReplyReader(flow));
    flow.loop().register(channel);
    InetSocketAddress any = new InetSocketAddress(family instanceof Inet4Address ? "0.0.0.0" : "::", 0);
    channel.bind(any);
    return new DirectLeg(flow, channel);
  }

  @Override
  public void send(InetSocketAddress target, InetSocketAddress original, ByteBuf payload) {
    if (!channel.isOpen()) {
      payload.release();
      flow.relay().counters().drop();
      return;
    }
    channel.writeAndFlush(new DatagramPacket(payload, target))
        .addListener(flow.relay().counters().sendWritten())
        .addListener((ChannelFutureListener) f -> {
          if (!f.isSuccess()) {
            flow.problem("direct-send", original, "direct", "send failed: " + f.cause().getMessage());
          }
        });
  }

  @Override
  public void close() {
    channel.close();
  }
}
