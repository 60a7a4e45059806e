package dev.socksify.agent.inband;

import dev.socksify.agent.connect.ConnectContext;
import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.blocking.BlockingChainConnector;
import dev.socksify.chain.blocking.BlockingTunnel;
import dev.socksify.chain.connect.HostResolver;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketTimeoutException;

/**
 * The blocking path: the chain handshake runs on the app's own socket, on the app's thread, and afterwards the app's
 * socket talks to hop 1 directly: no relay, no copy. The descriptor is driven non-blocking (so every wait honours
 * the hop's and the app's timeouts) and handed back in the blocking mode the JDK set.
 */
public final class InbandConnector {
  private final SunNio nio;
  private final HostResolver resolver;

  public InbandConnector(SunNio nio, HostResolver resolver) {
    this.nio = nio;
    this.resolver = resolver;
  }

  /**
   * Connects {@code fd} through {@code chain} to {@code target}.
   *
   * @return the hops used (fewer than configured when a dynamic chain skipped dead ones)
   * @throws ChainException naming the hop that failed
   * @throws SocketTimeoutException the app's own connect timeout ran out
   */
  public BlockingTunnel connect(ConnectContext context, ProtocolFamily family, FileDescriptor fd,
      InetSocketAddress target, Chain chain) throws IOException {
    boolean restoreBlocking = context.fdMode() == ConnectContext.FdMode.BLOCKING;
    AppSocket socket = new AppSocket(nio, family, fd, Deadline.in(context.timeoutNanos()),
        context.fdMode() != ConnectContext.FdMode.UNKNOWN);
    if (restoreBlocking) {
      nio.configureBlocking(fd, false);
    }
    try {
      return new BlockingChainConnector(socket::dial, resolver).connect(chain, target);
    } catch (ChainException e) {
      if (socket.appTimeoutExpired()) {
        // the app's timeout, not a hop's, cut the handshake short: that is the app's SocketTimeoutException
        SocketTimeoutException timeout = new SocketTimeoutException("Connect timed out: " + e.getMessage());
        timeout.initCause(e);
        throw timeout;
      }
      throw e;
    } finally {
      if (restoreBlocking) {
        nio.configureBlocking(fd, true);
      }
    }
  }
}
