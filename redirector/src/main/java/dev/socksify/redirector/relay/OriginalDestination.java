package dev.socksify.redirector.relay;

import io.netty.channel.ChannelException;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.RawUnixChannelOption;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where a redirected connection was going before iptables/nftables rewrote it: {@code getsockopt(SO_ORIGINAL_DST)}
 * (netfilter's conntrack lookup) on the accepted socket. IPv4 sockets answer at level {@code SOL_IP} with a
 * {@code sockaddr_in}, IPv6 sockets at {@code SOL_IPV6} ({@code IP6T_SO_ORIGINAL_DST}, same number) with a
 * {@code sockaddr_in6}.
 */
public final class OriginalDestination {
  private static final int SO_ORIGINAL_DST = 80;
  private static final RawUnixChannelOption IPV4 = new RawUnixChannelOption("SO_ORIGINAL_DST", 0, SO_ORIGINAL_DST, 16);
  private static final RawUnixChannelOption IPV6 =
      new RawUnixChannelOption("IP6T_SO_ORIGINAL_DST", 41, SO_ORIGINAL_DST, 28);
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;

  private OriginalDestination() {}

  /**
   * The original destination of an accepted connection.
   *
   * @throws IOException if the kernel has none (the connection was not redirected and conntrack knows nothing)
   */
  public static InetSocketAddress of(EpollSocketChannel accepted) throws IOException {
    boolean v4 = accepted.localAddress().getAddress() instanceof Inet4Address;
    RawUnixChannelOption option = v4 ? IPV4 : IPV6;
    ByteBuffer raw;
    try {
      raw = accepted.config().getOption(option);
    } catch (ChannelException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IOException("no original destination (" + cause.getMessage() + ")", e);
    }
    if (raw == null) {
      throw new IOException("no original destination (option not supported by this channel)");
    }
    return decode(raw);
  }

  /** Decodes a {@code sockaddr_in} or {@code sockaddr_in6}; the family is in host order, the port in network order. */
  static InetSocketAddress decode(ByteBuffer raw) throws IOException {
    ByteBuffer b = raw.duplicate().order(ByteOrder.nativeOrder());
    b.position(0);
    int family = b.getShort(0) & 0xffff;
    int port = Short.toUnsignedInt(b.order(ByteOrder.BIG_ENDIAN).getShort(2));
    byte[] address;
    if (family == AF_INET && b.limit() >= 8) {
      address = new byte[4];
      b.get(4, address);
    } else if (family == AF_INET6 && b.limit() >= 24) {
      address = new byte[16];
      b.get(8, address);
    } else {
      throw new IOException("unexpected socket address family " + family + " in SO_ORIGINAL_DST");
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(address), port);
    } catch (UnknownHostException e) {
      throw new IOException("bad address in SO_ORIGINAL_DST", e);
    }
  }
}
