package dev.socksify.chain.udp;

import dev.socksify.chain.Hop;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Opens the TCP connection that becomes a hop's UDP control connection: directly to hop 1, or through the
 * hops before it (each asked to CONNECT to the next) for the later ones.
 */
@FunctionalInterface
public interface ControlConnector {
  /**
   * A connected, blocking channel on which {@code hop}'s own handshake can start.
   *
   * @param before the hops to go through, in order; empty for hop 1
   * @throws dev.socksify.chain.ChainException a hop of {@code before}, or {@code hop} itself, failed
   */
  SocketChannel connect(List<Hop> before, Hop hop) throws IOException;

  /** The connector the engine uses: the blocking chain runner. */
  static ControlConnector blocking() {
    return new InterimControlConnector();
  }
}
