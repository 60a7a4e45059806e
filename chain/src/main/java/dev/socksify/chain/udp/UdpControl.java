package dev.socksify.chain.udp;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * One control connection an association owns: the TCP connection whose life is the relay's (RFC 1928 §7).
 * Runners provide it: the blocking one over a {@link dev.socksify.chain.blocking.BlockingTransport}, the Netty one
 * over a channel.
 */
public interface UdpControl {
  /**
   * Starts watching the connection; {@code onEnd} runs once, with how it ended ({@code closed by the proxy},
   * {@code failed: ...}), when the proxy closes it or it fails. It may also run after {@link #close()}; the
   * association ignores that.
   */
  void watch(Consumer<String> onEnd) throws IOException;

  /** Closes the connection, which ends the hop's relay. */
  void close() throws IOException;
}
