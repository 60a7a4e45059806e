package dev.socksify.chain.udp;

import dev.socksify.chain.Hop;
import dev.socksify.chain.blocking.BlockingTransport;
import dev.socksify.chain.blocking.HopDialer;
import dev.socksify.chain.connect.HostResolver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Opens the TCP connection that becomes a hop's UDP control connection: directly to hop 1, or through the
 * hops before it (each asked to CONNECT to the next) for the later ones.
 */
@FunctionalInterface
public interface ControlConnector {
  /**
   * A connection on which {@code hop}'s own handshake can start.
   *
   * @param before the hops to go through, in order; empty for hop 1
   * @throws dev.socksify.chain.ChainException a hop of {@code before}, or the dial of the first hop, failed
   */
  Control connect(List<Hop> before, Hop hop) throws IOException;

  /**
   * An open control connection.
   *
   * @param transport the connection; a {@link dev.socksify.chain.blocking.SocketChannelTransport} is watched
   *     without a thread of its own
   * @param reachedAt the address the hop was reached at: the dialed address for hop 1, the CONNECT target
   *     ({@link Hop#address()}) for a hop behind others. A relay reported as a wildcard is at this address.
   */
  record Control(BlockingTransport transport, InetSocketAddress reachedAt) {}

  /** The connector the engine uses: the blocking chain runner over blocking socket channels, JDK resolver. */
  static ControlConnector blocking() {
    return new InterimControlConnector();
  }

  /**
   * The blocking chain runner with {@code dialer} and {@code resolver} (the agent passes ones its own hooks
   * leave alone).
   */
  static ControlConnector blocking(HopDialer dialer, HostResolver resolver) {
    return new InterimControlConnector();
  }
}
