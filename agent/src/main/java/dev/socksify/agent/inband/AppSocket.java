package dev.socksify.agent.inband;

import dev.socksify.agent.connect.OwnThreads;
import dev.socksify.chain.Timeouts;
import dev.socksify.chain.blocking.BlockingTransport;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The app's own socket descriptor as the chain runner's transport: connect to hop 1, write requests, read replies,
 * all poll-driven so every wait is bounded by the hop's timeout and the app's connect timeout. When a dynamic chain
 * has to start over, a fresh socket is connected and {@code dup2}'ed onto the app's descriptor, as proxychains does,
 * so the app keeps its descriptor and its socket object (options it set before connecting are not carried over).
 *
 * <p>{@link #close()} leaves the descriptor alone: the JDK owns it and closes it when the connect fails.
 */
public final class AppSocket implements BlockingTransport {
  private final SunNio nio;
  private final ProtocolFamily family;
  private final FileDescriptor fd;
  private final Deadline deadline;
  private final boolean nonBlocking;
  private boolean dialed;
  /** The last read returned bytes and nothing was written since: the rest of that reply is most likely there. */
  private boolean midReply;

  /** A descriptor whose blocking mode is not known: every read polls first. */
  public AppSocket(SunNio nio, ProtocolFamily family, FileDescriptor fd, Deadline deadline) {
    this(nio, family, fd, deadline, false);
  }

  /**
   * @param nonBlocking the descriptor is known to be non-blocking, so a read may be tried before polling: it returns
   *     at once either way
   */
  public AppSocket(SunNio nio, ProtocolFamily family, FileDescriptor fd, Deadline deadline, boolean nonBlocking) {
    this.nio = nio;
    this.family = family;
    this.fd = fd;
    this.deadline = deadline;
    this.nonBlocking = nonBlocking;
  }

  /**
   * The runner's {@code HopDialer}: connects the app's descriptor to hop 1 within {@code limit} (capped by the app's
   * deadline). The first dial connects the descriptor itself; later ones replace it by a fresh socket.
   */
  public BlockingTransport dial(InetSocketAddress hop, Duration limit) throws IOException {
    if (!dialed) {
      dialed = true;
      connect(fd, hop, limit);
      return this;
    }
    FileDescriptor fresh = nio.newStreamSocket(family);
    try {
      nio.configureBlocking(fresh, false);
      connect(fresh, hop, limit);
      nio.dup2(fresh, fd);
    } finally {
      nio.close(fresh);
    }
    return this;
  }

  private void connect(FileDescriptor target, InetSocketAddress hop, Duration limit) throws IOException {
    int n;
    try {
      n = OwnThreads.call(() -> nio.connect(family, target, hop.getAddress(), hop.getPort()));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    while (n <= 0) {
      long wait = deadline.waitMillis(limit);
      if (wait == 0) {
        throw new SocketTimeoutException("connect timed out after " + limit.toMillis() + " ms");
      }
      n = nio.awaitConnect(target, wait) ? 1 : 0;
    }
  }

  @Override
  public void write(ByteBuffer src) throws IOException {
    midReply = false;
    while (src.hasRemaining()) {
      int n = nio.write(fd, src);
      if (n == SunNio.UNAVAILABLE) {
        // handshake requests are a few hundred bytes at most: waiting for room only happens on a stalled peer
        long wait = deadline.waitMillis(Timeouts.DEFAULT_READ);
        if (wait == 0 || !nio.await(fd, false, wait)) {
          throw new SocketTimeoutException("write timed out");
        }
      }
    }
  }

  @Override
  public int read(ByteBuffer dst, Duration timeout) throws IOException {
    if (nonBlocking && midReply) {
      // the rest of a reply the proxy sent in one piece: read it without a poll (a reply not yet sent costs the
      // poll anyway, so the first read of each reply polls first)
      int n = nio.read(fd, dst);
      if (n > 0 || n == -1) {
        return n;
      }
    }
    while (true) {
      // poll first, so a descriptor the JDK left blocking cannot block past the timeout either
      long wait = deadline.waitMillis(timeout);
      if (wait == 0 || !nio.await(fd, true, wait)) {
        throw new SocketTimeoutException("no reply within " + timeout.toMillis() + " ms");
      }
      int n = nio.read(fd, dst);
      if (n > 0 || n == -1) {
        midReply = n > 0;
        return n;
      }
    }
  }

  @Override
  public void close() {
    // the JDK owns the descriptor; a retry dup2's a fresh socket over it
  }

  /** Whether the app's own connect timeout (not a hop's) has run out. */
  public boolean appTimeoutExpired() {
    return deadline.expired();
  }
}
