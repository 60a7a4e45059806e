package dev.socksify.redirector.udp;

import dev.socksify.chain.Addresses;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The sockets TPROXY hands redirected datagrams to: transparent UDP on {@code 127.0.0.1:port} (Netty epoll, which
 * reads each datagram's original destination with {@code IP_RECVORIGDSTADDR} into the packet's recipient) and,
 * with IPv6, on {@code [::1]:port} ({@link Ipv6TransparentSocket}). Loopback only: TPROXY delivers to them without
 * them being reachable from elsewhere. Nothing is read before {@link #open}.
 */
final class TransparentListener implements AutoCloseable {
  /** Room for the largest datagram: a smaller read buffer would cut datagrams short without a word. */
  private static final int MAX_DATAGRAM = 65536;
  /** Bursts (a client sending many datagrams while its association opens) wait here rather than being dropped. */
  static final int RECEIVE_BUFFER = 4 << 20;
  private static final IntegerUnixChannelOption SO_RCVBUFFORCE =
      new IntegerUnixChannelOption("SO_RCVBUFFORCE", 1, 33);

  private final Channel ipv4;
  private final Ipv6TransparentSocket ipv6;
  private final Arrivals arrivals;

  private TransparentListener(Channel ipv4, Ipv6TransparentSocket ipv6, Arrivals arrivals) {
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
    this.arrivals = arrivals;
  }

  /**
   * Binds as root (IP_TRANSPARENT and SO_RCVBUFFORCE need CAP_NET_ADMIN) on a loop of {@code group}, which must not
   * be one that creates sockets later (it keeps no capability after the privilege drop).
   *
   * @param port 0 for any free port (IPv6 then takes the same one)
   * @param ipv6 also bind {@code [::1]}
   * @param arrivals gets every datagram once {@link #open} was called
   */
  static TransparentListener bind(EventLoopGroup group, int port, boolean ipv6, Arrivals arrivals) throws Exception {
    Channel v4 = new Bootstrap()
        .group(group)
        .channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET))
        .option(EpollChannelOption.IP_TRANSPARENT, true)
        .option(EpollChannelOption.IP_RECVORIGDSTADDR, true)
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(SO_RCVBUFFORCE, RECEIVE_BUFFER)
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
        .option(ChannelOption.AUTO_READ, false)
        .handler(new Reader(arrivals))
        .bind(InetAddress.getByName("127.0.0.1"), port).sync().channel();
    checkTransparent(v4);
    if (!ipv6) {
      return new TransparentListener(v4, null, arrivals);
    }
    try {
      int actual = ((InetSocketAddress) v4.localAddress()).getPort();
      return new TransparentListener(v4, Ipv6TransparentSocket.bind(actual, RECEIVE_BUFFER, ByteBufAllocator.DEFAULT),
          arrivals);
    } catch (Exception e) {
      v4.close().syncUninterruptibly();
      throw e;
    }
  }

  /** Netty only logs a bootstrap option it could not set; without these the listener would see no destination. */
  private static void checkTransparent(Channel channel) {
    if (!Boolean.TRUE.equals(channel.config().getOption(EpollChannelOption.IP_TRANSPARENT))
        || !Boolean.TRUE.equals(channel.config().getOption(EpollChannelOption.IP_RECVORIGDSTADDR))) {
      channel.close().syncUninterruptibly();
      throw new IllegalStateException("cannot make the UDP listener transparent (IP_TRANSPARENT and"
          + " IP_RECVORIGDSTADDR need CAP_NET_ADMIN)");
    }
  }

  int port() {
    return ((InetSocketAddress) ipv4.localAddress()).getPort();
  }

  boolean ipv6() {
    return ipv6 != null;
  }

  /** {@code 127.0.0.1:12345, [::1]:12345}. */
  String addresses() {
    List<String> out = new ArrayList<>();
    out.add(Addresses.format((InetSocketAddress) ipv4.localAddress()));
    if (ipv6 != null) {
      out.add("[::1]:" + ipv6.port());
    }
    return String.join(", ", out);
  }

  /** Starts reading. */
  void open() {
    ipv4.config().setAutoRead(true);
    if (ipv6 != null) {
      ipv6.open(arrivals);
    }
  }

  @Override
  public void close() {
    ipv4.close().syncUninterruptibly();
    if (ipv6 != null) {
      ipv6.close();
    }
  }

  /** Hands each datagram on with a buffer of its own size (the read buffer is sized for the largest). */
  private static final class Reader extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Arrivals arrivals;

    Reader(Arrivals arrivals) {
      this.arrivals = arrivals;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      ByteBuf content = packet.content();
      ByteBuf copy = ctx.alloc().buffer(content.readableBytes());
      copy.writeBytes(content);
      arrivals.arrived(packet.sender(), packet.recipient(), copy);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // a read error on an unconnected UDP socket (an ICMP error queued for it) ends nothing
    }
  }
}
