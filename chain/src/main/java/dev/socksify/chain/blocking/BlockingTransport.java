package dev.socksify.chain.blocking;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A connected byte stream the blocking runner speaks the handshakes over: the agent's own socket in-band, or a
 * {@link SocketChannelTransport}. After the handshakes it carries the tunnelled stream, untouched.
 */
public interface BlockingTransport extends Closeable {
  /** Writes all remaining bytes of {@code src}. */
  void write(ByteBuffer src) throws IOException;

  /**
   * Reads at least one and at most {@code dst.remaining()} bytes into {@code dst}, waiting at most
   * {@code timeout}. Must not read more than asked: the runner sizes {@code dst} so that it never reads past a
   * handshake.
   *
   * @return the number of bytes read, or -1 at end of stream
   * @throws SocketTimeoutException nothing arrived within {@code timeout}
   */
  int read(ByteBuffer dst, Duration timeout) throws IOException;

  @Override
  void close() throws IOException;

  /** {@code timeout} in whole milliseconds for {@code setSoTimeout}, at least 1 (0 would mean forever). */
  static int soTimeoutMillis(Duration timeout) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }
}
