package dev.socksify.agent.connect;

import dev.socksify.chain.Chain;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;

/** The path for callers that must not block: the app's socket connects to the in-process relay. */
public interface RelayPath {
  /**
   * Connects {@code fd} to the relay, which runs {@code chain} to {@code target} and then carries the bytes;
   * failures of the chain reach the app as a reset on its first I/O.
   *
   * @param app names the app side in the debug log
   * @return {@code Net.connect}'s result for the connect to the relay: 1 or {@code IOStatus.UNAVAILABLE}
   */
  int connect(ProtocolFamily family, FileDescriptor fd, InetSocketAddress target, Chain chain, String app)
      throws IOException;
}
