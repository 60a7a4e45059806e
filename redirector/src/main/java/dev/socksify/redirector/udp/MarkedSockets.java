package dev.socksify.redirector.udp;

import dev.socksify.redirector.relay.UpstreamChannels;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The sockets the UDP relay and the DNS listener send out with, each carrying the own-traffic mark (SO_MARK) the
 * rules skip, or the redirector would catch its own traffic. Options are set one by one, not as bootstrap
 * options, because Netty only logs a failed bootstrap option, and an unmarked socket means a loop. SO_MARK and
 * IP_TRANSPARENT need CAP_NET_ADMIN: call these on a worker loop (see
 * {@link dev.socksify.redirector.daemon.DaemonExtension}).
 */
public final class MarkedSockets {
  /** {@code IPV6_TRANSPARENT}: Netty's IP_TRANSPARENT is the IPv4 option; set both on IPv6 sockets. */
  private static final IntegerUnixChannelOption IPV6_TRANSPARENT =
      new IntegerUnixChannelOption("IPV6_TRANSPARENT", 41, 75);

  private final int mark;

  public MarkedSockets(int mark) {
    this.mark = mark;
  }

  public int mark() {
    return mark;
  }

  /** A TCP channel to a proxy or resolver: marked, auto-read on (its owner's handlers read). */
  public EpollSocketChannel tcp() {
    EpollSocketChannel channel = new EpollSocketChannel();
    try {
      channel.config().setOption(UpstreamChannels.SO_MARK, mark);
      channel.config().setOption(ChannelOption.TCP_NODELAY, true);
    } catch (RuntimeException e) {
      channel.unsafe().closeForcibly();
      throw e;
    }
    return channel;
  }

  /** A UDP channel of {@code address}'s family for sending out, marked. */
  public EpollDatagramChannel udp(InetAddress address) {
    EpollDatagramChannel channel = new EpollDatagramChannel(family(address));
    try {
      channel.config().setOption(UpstreamChannels.SO_MARK, mark);
    } catch (RuntimeException e) {
      channel.unsafe().closeForcibly();
      throw e;
    }
    return channel;
  }

  /**
   * A UDP channel that may be bound to an address of another host (a datagram's original destination), marked, so
   * replies reach the client from the address it sent to: connected UDP sockets drop anything else.
   */
  public EpollDatagramChannel transparent(InetAddress address) {
    EpollDatagramChannel channel = udp(address);
    try {
      channel.config().setOption(EpollChannelOption.IP_TRANSPARENT, true);
      if (!(address instanceof Inet4Address)) {
        channel.config().setOption(IPV6_TRANSPARENT, 1);
      }
      // several event loops may each hold a reply socket for one destination
      channel.config().setOption(ChannelOption.SO_REUSEADDR, true);
      if (!Boolean.TRUE.equals(channel.config().getOption(EpollChannelOption.IP_TRANSPARENT))) {
        throw new IllegalStateException("IP_TRANSPARENT did not take (needs CAP_NET_ADMIN)");
      }
    } catch (RuntimeException e) {
      channel.unsafe().closeForcibly();
      throw e;
    }
    return channel;
  }

  static SocketProtocolFamily family(InetAddress address) {
    return address instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
  }
}
