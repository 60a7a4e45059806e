package dev.socksify.chain.netty;

import dev.socksify.chain.Hop;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A connection through a chain, ready for the app's bytes.
 *
 * @param channel the channel to hop 1, now carrying the tunnelled stream; the runner's handler is gone from its
 *     pipeline and the tunnel handler given to {@link NettyChainConnector} is in its place
 * @param hops the hops actually used, in order (fewer than configured when dead ones were skipped)
 * @param boundAddress what the last hop reported as its end of the onward connection (SOCKS BND.ADDR), or
 *     {@code null} if its protocol has none
 */
public record NettyTunnel(Channel channel, List<Hop> hops, InetSocketAddress boundAddress) {
  public NettyTunnel {
    hops = List.copyOf(hops);
  }
}
