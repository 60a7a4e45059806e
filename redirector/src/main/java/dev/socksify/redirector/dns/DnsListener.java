package dev.socksify.redirector.dns;

import dev.socksify.chain.Addresses;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * The DNS listener the rules send this host's queries to: UDP and TCP (RFC 7766: length-prefixed, several queries
 * per connection, answered in any order) on 127.0.0.1 and ::1, the same port. Loopback only. A UDP query is read on
 * the listener's loop and answered from a worker loop (forwarding opens marked sockets, which needs the workers'
 * capability); a TCP connection lives on a worker loop.
 */
final class DnsListener implements AutoCloseable {
  /** A TCP client that sends nothing for this long is closed (RFC 7766 6.2.3 suggests seconds). */
  private static final int TCP_IDLE_SECONDS = 30;

  private final List<Channel> channels;
  private final int port;

  private DnsListener(List<Channel> channels, int port) {
    this.channels = channels;
    this.port = port;
  }

  /**
   * Binds UDP and TCP on 127.0.0.1 and, with {@code ipv6}, ::1 (port 0: any free one, the same for all).
   *
   * @param boss where the UDP sockets and the TCP accept run (nothing is read before {@link #open})
   * @param workers where queries are answered
   */
  static DnsListener bind(EventLoopGroup boss, EventLoopGroup workers, int port, boolean ipv6, DnsService service)
      throws Exception {
    List<Channel> channels = new ArrayList<>();
    try {
      int actual = port;
      for (String address : ipv6 ? List.of("127.0.0.1", "::1") : List.of("127.0.0.1")) {
        InetAddress a = InetAddress.getByName(address);
        SocketProtocolFamily family = address.contains(":") ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
        Channel udp = new Bootstrap().group(boss)
            .channelFactory(() -> new EpollDatagramChannel(family))
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
            .handler(new UdpQueries(workers, service))
            .bind(a, actual).sync().channel();
        channels.add(udp);
        actual = ((InetSocketAddress) udp.localAddress()).getPort();
        channels.add(new ServerBootstrap().group(boss, workers)
            .channelFactory(() -> new EpollServerSocketChannel(family))
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.AUTO_READ, false)
            .childHandler(new ChannelInitializer<EpollSocketChannel>() {
              @Override
              protected void initChannel(EpollSocketChannel ch) {
                ch.pipeline().addLast(new IdleStateHandler(TCP_IDLE_SECONDS, 0, 0),
                    new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2), new TcpQueries(service));
              }
            })
            .bind(a, actual).sync().channel());
      }
      return new DnsListener(channels, actual);
    } catch (Exception e) {
      channels.forEach(Channel::close);
      throw e;
    }
  }

  int port() {
    return port;
  }

  boolean ipv6() {
    return channels.size() > 2;
  }

  /** Starts reading. */
  void open() {
    channels.forEach(c -> c.config().setAutoRead(true));
  }

  /** {@code 127.0.0.1:1053, [::1]:1053 (UDP and TCP)}. */
  String addresses() {
    return String.join(", ", channels.stream().filter(c -> c instanceof EpollDatagramChannel)
        .map(c -> Addresses.format((InetSocketAddress) c.localAddress())).toList()) + " (UDP and TCP)";
  }

  @Override
  public void close() {
    channels.forEach(c -> c.close().syncUninterruptibly());
  }

  /** UDP: each query is answered on a worker loop and sent back from the listener's socket. */
  private static final class UdpQueries extends SimpleChannelInboundHandler<DatagramPacket> {
    private final EventLoopGroup workers;
    private final DnsService service;

    UdpQueries(EventLoopGroup workers, DnsService service) {
      this.workers = workers;
      this.service = service;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      byte[] query = ByteBufUtil.getBytes(packet.content());
      InetSocketAddress client = packet.sender();
      Channel channel = ctx.channel();
      EventLoop loop = workers.next();
      try {
        loop.execute(() -> service.answer(query, client, true, loop).addListener(f -> {
          byte[] response = (byte[]) f.getNow();
          if (f.isSuccess() && response != null) {
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(response), client));
          }
        }));
      } catch (RejectedExecutionException shuttingDown) {
        // no answer: the client retries elsewhere
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // an ICMP error for an earlier answer: nothing to do
    }
  }

  /** TCP: each framed query is answered as soon as its answer is ready, framed. */
  private static final class TcpQueries extends SimpleChannelInboundHandler<ByteBuf> {
    private final DnsService service;

    TcpQueries(DnsService service) {
      this.service = service;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      byte[] query = ByteBufUtil.getBytes(frame);
      InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
      service.answer(query, client, false, ctx.channel().eventLoop()).addListener(f -> {
        byte[] response = (byte[]) f.getNow();
        if (f.isSuccess() && response != null && ctx.channel().isActive()) {
          ByteBuf out = ctx.alloc().buffer(2 + response.length);
          out.writeShort(response.length).writeBytes(response);
          ctx.writeAndFlush(out);
        }
      });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        ctx.close();
      } else {
        ctx.fireUserEventTriggered(evt);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
