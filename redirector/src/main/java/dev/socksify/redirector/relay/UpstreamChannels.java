package dev.socksify.redirector.relay;

import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.socket.SocketProtocolFamily;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Makes the sockets the redirector connects out with. Each carries the own-traffic mark (SO_MARK), which the
 * rules skip: without it the redirector's connection to the first hop would be redirected back to itself.
 * The mark is set explicitly, not as a bootstrap option, because Netty only logs a failed bootstrap option and
 * an unmarked socket means a loop.
 */
public final class UpstreamChannels {
  /** {@code setsockopt(SOL_SOCKET, SO_MARK)}; needs CAP_NET_ADMIN. */
  public static final IntegerUnixChannelOption SO_MARK = new IntegerUnixChannelOption("SO_MARK", 1, 36);

  private final int mark;

  public UpstreamChannels(int mark) {
    this.mark = mark;
  }

  /** As {@link #newChannel(InetSocketAddress, Duration)} for a hop of either family (a dual-stack socket). */
  public EpollSocketChannel newChannel() {
    return configure(new EpollSocketChannel());
  }

  /**
   * A new, unregistered, marked channel set up for relaying (half-closable, auto-read off until the relay
   * starts).
   *
   * @throws io.netty.channel.ChannelException if the mark cannot be set (no CAP_NET_ADMIN)
   */
  public EpollSocketChannel newChannel(InetSocketAddress remote, Duration connectTimeout) {
    // an unresolved remote (a hop given by name) gets the default, dual-stack socket
    EpollSocketChannel channel = configure(remote.getAddress() == null
        ? new EpollSocketChannel()
        : new EpollSocketChannel(remote.getAddress() instanceof Inet4Address
            ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6));
    channel.config().setOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
        connectTimeout.toMillis()));
    return channel;
  }

  private EpollSocketChannel configure(EpollSocketChannel channel) {
    try {
      channel.config().setOption(SO_MARK, mark);
      RelayOptions.apply(channel);
    } catch (RuntimeException e) {
      channel.unsafe().closeForcibly();
      throw e;
    }
    return channel;
  }

  /** The mark, for checks and log lines. */
  public int mark() {
    return mark;
  }

  /** Options both ends of a relayed flow share. */
  static final class RelayOptions {
    private RelayOptions() {}

    /** For connections out (to hop 1 or a direct destination): keepalive finds peers that vanished. */
    static void apply(io.netty.channel.Channel channel) {
      EpollQuirks.keepRegistered(channel);
      common(channel);
      channel.config().setOption(ChannelOption.SO_KEEPALIVE, true);
    }

    /**
     * For accepted clients. They are local processes, whose death the kernel reports at once, so no keepalive;
     * and the epoll workaround only matters when Netty relays the flow itself (the splice engine takes the
     * socket over and Netty's registration ends), so it is applied only then.
     */
    static void applyToClient(io.netty.channel.Channel channel, boolean nettyRelays) {
      if (nettyRelays) {
        EpollQuirks.keepRegistered(channel);
      }
      common(channel);
    }

    private static void common(io.netty.channel.Channel channel) {
      channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
      channel.config().setOption(ChannelOption.AUTO_READ, false);
      channel.config().setOption(ChannelOption.TCP_NODELAY, true);
    }
  }
}
