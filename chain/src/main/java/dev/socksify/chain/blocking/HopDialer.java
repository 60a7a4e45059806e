package dev.socksify.chain.blocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Opens the TCP connection to hop 1. Pluggable so the agent can dial with sockets its own hooks leave alone.
 */
@FunctionalInterface
public interface HopDialer {
  /**
   * Connects to {@code address} (resolved), failing after {@code connectTimeout}.
   *
   * @throws IOException as a direct connect would: {@code ConnectException}, {@code SocketTimeoutException},
   *     {@code NoRouteToHostException}
   */
  BlockingTransport dial(InetSocketAddress address, Duration connectTimeout) throws IOException;

  /** Dials with a blocking {@link java.nio.channels.SocketChannel}. */
  static HopDialer socketChannel() {
    return SocketChannelTransport::open;
  }

  /** Dials with a {@link java.net.Socket}. */
  static HopDialer socket() {
    return SocketTransport::open;
  }
}
