package dev.socksify.chain.udp;

import dev.socksify.chain.Hop;
import dev.socksify.chain.blocking.BlockingChainConnector;
import dev.socksify.chain.blocking.BlockingTransport;
import dev.socksify.chain.blocking.BlockingTunnel;
import dev.socksify.chain.blocking.HopDialer;
import dev.socksify.chain.blocking.SocketChannelTransport;
import dev.socksify.chain.blocking.SocketTransport;
import dev.socksify.chain.connect.HostResolver;
import dev.socksify.chain.protocol.socks5.Socks5UdpAssociate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/** Control connections by the blocking chain runner: CONNECT through the earlier hops, UDP ASSOCIATE at the last. */
final class RunnerControlConnector implements ControlConnector {
  private final BlockingChainConnector runner;

  RunnerControlConnector(HopDialer dialer, HostResolver resolver) {
    this.runner = new BlockingChainConnector(dialer, resolver);
  }

  @Override
  public Control open(List<Hop> hops) throws IOException {
    BlockingTunnel tunnel = runner.connect(UdpSetup.controlRoute(hops, hops.size()), Socks5UdpAssociate.ANY_CLIENT,
        UdpSetup.handshakes());
    try {
      Hop hop = hops.get(hops.size() - 1);
      InetSocketAddress reachedAt = hops.size() == 1 ? dialed(tunnel.transport(), hop) : hop.address();
      return new Control(tunnel.transport(), tunnel.boundAddress(), reachedAt);
    } catch (IOException | RuntimeException e) {
      tunnel.close();
      throw e;
    }
  }

  /** The address hop 1 was dialed at, which a wildcard relay address stands for; the configured one if unknown. */
  private static InetSocketAddress dialed(BlockingTransport transport, Hop hop) throws IOException {
    SocketAddress remote = null;
    if (transport instanceof SocketChannelTransport channel) {
      remote = channel.channel().getRemoteAddress();
    } else if (transport instanceof SocketTransport socket) {
      remote = socket.socket().getRemoteSocketAddress();
    }
    return remote instanceof InetSocketAddress inet ? inet : hop.address();
  }
}
