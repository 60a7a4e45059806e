package dev.socksify.chain.udp;

import dev.socksify.chain.Hop;
import dev.socksify.chain.blocking.BlockingTransport;
import dev.socksify.chain.blocking.HopDialer;
import dev.socksify.chain.connect.HostResolver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Opens one hop's UDP control connection: through the hops before it (each asked to CONNECT to the next), then
 * UDP ASSOCIATE at the hop itself. Pluggable so the agent can dial with sockets its own hooks leave alone.
 */
@FunctionalInterface
public interface ControlConnector {
  /**
   * Opens the control connection of the last of {@code hops}.
   *
   * @param hops the hops to go through, then the hop asked for UDP ASSOCIATE (always SOCKS5); their 1-based
   *     positions are the chain's, so failures name the right hop
   * @throws dev.socksify.chain.ChainException a hop was unreachable or refused; at the last hop, the
   *     ASSOCIATE itself failed
   */
  Control open(List<Hop> hops) throws IOException;

  /**
   * An open control connection.
   *
   * @param transport the connection; a {@link dev.socksify.chain.blocking.SocketChannelTransport} is watched
   *     without a thread of its own
   * @param bound the relay address exactly as the proxy answered it (possibly 0.0.0.0 or ::)
   * @param reachedAt the address the hop was reached at: the dialed address for hop 1, the CONNECT target
   *     ({@link Hop#address()}) for a hop behind others. A relay answered as a wildcard is at this address.
   */
  record Control(BlockingTransport transport, InetSocketAddress bound, InetSocketAddress reachedAt) {}

  /** The blocking chain runner over blocking socket channels, with the JDK's resolver. */
  static ControlConnector blocking() {
    return blocking(HopDialer.socketChannel(), HostResolver.system());
  }

  /** The blocking chain runner with {@code dialer} and {@code resolver}. */
  static ControlConnector blocking(HopDialer dialer, HostResolver resolver) {
    return new RunnerControlConnector(dialer, resolver);
  }
}
