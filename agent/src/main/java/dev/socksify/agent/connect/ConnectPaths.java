package dev.socksify.agent.connect;

import dev.socksify.chain.Chain;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;

/** The two ways a hooked connect reaches its destination through a chain. */
public interface ConnectPaths {
  /**
   * Runs the chain on the app's own socket while the app's thread waits (blocking sockets).
   *
   * @return {@code Net.connect}'s result: 1, connected
   */
  int inBand(ConnectContext context, ProtocolFamily family, FileDescriptor fd, InetSocketAddress target, Chain chain)
      throws IOException;

  /**
   * Connects the app's socket to the in-process relay, which runs the chain (non-blocking and async channels).
   *
   * @return {@code Net.connect}'s result for the connect to the relay: 1 or {@code IOStatus.UNAVAILABLE}
   */
  int viaRelay(ProtocolFamily family, FileDescriptor fd, InetSocketAddress target, Chain chain) throws IOException;
}
