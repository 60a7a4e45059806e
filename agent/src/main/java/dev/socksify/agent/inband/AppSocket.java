package dev.socksify.agent.inband;

import dev.socksify.agent.connect.OwnThreads;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The app's own socket descriptor, driven directly for the chain handshake: connect to hop 1, write requests, read
 * replies, all poll-driven so every wait is bounded by the hop's timeout and the app's connect timeout. When a
 * dynamic chain has to start over, a fresh socket is connected and {@code dup2}'ed onto the app's descriptor, as
 * proxychains does, so the app keeps its descriptor and its socket object.
 */
public final class AppSocket {
  private final SunNio nio;
  private final ProtocolFamily family;
  private final FileDescriptor fd;
  private final Deadline deadline;
  private boolean used;

  public AppSocket(SunNio nio, ProtocolFamily family, FileDescriptor fd, Deadline deadline) {
    this.nio = nio;
    this.family = family;
    this.fd = fd;
    this.deadline = deadline;
  }

  public FileDescriptor fd() {
    return fd;
  }

  /**
   * Connects the app's descriptor to {@code hop} within {@code limit} (capped by the app's deadline). The first
   * call connects the descriptor itself; later calls replace it by a fresh socket.
   *
   * @throws SocketTimeoutException if the hop did not accept in time
   * @throws ConnectException if it refused
   */
  public void connect(InetSocketAddress hop, Duration limit) throws IOException {
    if (!used) {
      used = true;
      connect(fd, hop, limit);
      return;
    }
    FileDescriptor fresh = nio.newStreamSocket(family);
    try {
      nio.configureBlocking(fresh, false);
      connect(fresh, hop, limit);
      nio.dup2(fresh, fd);
    } finally {
      nio.close(fresh);
    }
  }

  private void connect(FileDescriptor target, InetSocketAddress hop, Duration limit) throws IOException {
    int n = call(() -> nio.connect(family, target, hop.getAddress(), hop.getPort()));
    if (n > 0) {
      return;
    }
    while (true) {
      long wait = deadline.waitMillis(limit);
      if (wait == 0 || !nio.await(target, false, wait)) {
        throw new SocketTimeoutException("connect to " + hop + " timed out after " + limit.toMillis() + " ms");
      }
      if (nio.pollConnect(target)) {
        return;
      }
    }
  }

  /** Writes all of {@code src}, waiting for room within {@code limit}. */
  public void write(ByteBuffer src, Duration limit) throws IOException {
    while (src.hasRemaining()) {
      int n = nio.write(fd, src);
      if (n == SunNio.UNAVAILABLE) {
        long wait = deadline.waitMillis(limit);
        if (wait == 0 || !nio.await(fd, false, wait)) {
          throw new SocketTimeoutException("write timed out");
        }
      } else if (n < 0 && n != SunNio.INTERRUPTED) {
        throw new IOException("write failed: " + n);
      }
    }
  }

  /**
   * Reads at least one byte into {@code dst} (never more than its remaining space, so never past the handshake)
   * within {@code limit}.
   *
   * @throws SocketTimeoutException if nothing arrived in time
   * @throws EOFException if the peer closed
   */
  public int read(ByteBuffer dst, Duration limit) throws IOException {
    while (true) {
      // poll first, so a descriptor the JDK left blocking never blocks past the limit either
      long wait = deadline.waitMillis(limit);
      if (wait == 0 || !nio.await(fd, true, wait)) {
        throw new SocketTimeoutException("no reply within " + limit.toMillis() + " ms");
      }
      int n = nio.read(fd, dst);
      if (n > 0) {
        return n;
      }
      if (n == -1) {
        throw new EOFException("connection closed");
      }
    }
  }

  /** Whether the app's own connect timeout (not a hop's) has run out. */
  public boolean appTimeoutExpired() {
    return deadline.expired();
  }

  private static int call(IoCall call) throws IOException {
    try {
      return OwnThreads.call(call::run);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private interface IoCall {
    int run() throws IOException;
  }
}
