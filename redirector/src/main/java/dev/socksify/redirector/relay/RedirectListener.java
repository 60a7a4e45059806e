package dev.socksify.redirector.relay;

import dev.socksify.chain.Addresses;
import dev.socksify.redirector.Log;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The listeners the rules redirect to: one on 127.0.0.1 and one on ::1, same port, each a socket of its own
 * family so SO_ORIGINAL_DST is asked at the right level. Loopback only: nothing off this host can connect to
 * the relay directly. Accepting starts only with {@link #open()}, so connections wait in the backlog until
 * the process is ready (privileges dropped, worker threads started).
 */
public final class RedirectListener implements AutoCloseable {

  private final List<Channel> servers;
  private final int port;

  private RedirectListener(List<Channel> servers, int port) {
    this.servers = servers;
    this.port = port;
  }

  /**
   * Binds 127.0.0.1:port and, when {@code ipv6}, [::1]:port. Port 0 picks a free port (the IPv6 listener then
   * takes the same one).
   *
   * @throws Exception from bind (port in use, and so on)
   */
  public static RedirectListener bind(EventLoopGroup boss, EventLoopGroup workers, int port, boolean ipv6,
      RelaySettings settings) throws Exception {
    List<Channel> servers = new ArrayList<>();
    try {
      Channel v4 = bindOne(boss, workers, SocketProtocolFamily.INET, InetAddress.getByName("127.0.0.1"), port,
          settings);
      servers.add(v4);
      int actual = ((InetSocketAddress) v4.localAddress()).getPort();
      if (ipv6) {
        servers.add(bindOne(boss, workers, SocketProtocolFamily.INET6, InetAddress.getByName("::1"), actual,
            settings));
      }
      return new RedirectListener(servers, actual);
    } catch (Exception e) {
      servers.forEach(Channel::close);
      throw e;
    }
  }

  private static Channel bindOne(EventLoopGroup boss, EventLoopGroup workers, SocketProtocolFamily family,
      InetAddress address, int port, RelaySettings settings) throws Exception {
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channelFactory(() -> new EpollServerSocketChannel(family))
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.AUTO_READ, false)
        // a flow is not read before its tunnel is up
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new ChannelInitializer<EpollSocketChannel>() {
          @Override
          protected void initChannel(EpollSocketChannel ch) {
            UpstreamChannels.RelayOptions.applyToClient(ch, settings.engine() == null);
            ch.pipeline().addLast("flow", new FlowHandler(settings));
          }
        });
    return bootstrap.bind(address, port).sync().channel();
  }

  /** Starts accepting. */
  public void open() {
    for (Channel server : servers) {
      server.config().setAutoRead(true);
    }
    Log.info("listening on " + addresses());
  }

  /** {@code 127.0.0.1:12345, [::1]:12345}. */
  public String addresses() {
    return String.join(", ", servers.stream()
        .map(s -> Addresses.format((InetSocketAddress) s.localAddress())).toList());
  }

  public int port() {
    return port;
  }

  public boolean ipv6() {
    return servers.size() > 1;
  }

  /** Stops accepting; relayed flows go on until the event loops shut down. */
  @Override
  public void close() {
    for (Channel server : servers) {
      server.close().syncUninterruptibly();
    }
  }
}
