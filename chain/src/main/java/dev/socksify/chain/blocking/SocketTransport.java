package dev.socksify.chain.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A {@link BlockingTransport} over a connected {@link Socket}. The read timeout is set per read and cleared
 * afterwards, so the socket is left as the caller gave it.
 */
public final class SocketTransport implements BlockingTransport {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public SocketTransport(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Opens a socket and connects it to {@code address} within {@code connectTimeout}. */
  public static SocketTransport open(InetSocketAddress address, Duration connectTimeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address, BlockingTransport.soTimeoutMillis(connectTimeout));
      return new SocketTransport(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The socket, for the caller to use once the tunnel is up. */
  public Socket socket() {
    return socket;
  }

  @Override
  public void write(ByteBuffer src) throws IOException {
    if (src.hasArray()) {
      out.write(src.array(), src.arrayOffset() + src.position(), src.remaining());
      src.position(src.limit());
    } else {
      byte[] copy = new byte[src.remaining()];
      src.get(copy);
      out.write(copy);
    }
    out.flush();
  }

  @Override
  public int read(ByteBuffer dst, Duration timeout) throws IOException {
    socket.setSoTimeout(BlockingTransport.soTimeoutMillis(timeout));
    try {
      return readInto(in, dst);
    } finally {
      socket.setSoTimeout(0);
    }
  }

  /** One read of at most {@code dst.remaining()} bytes from a stream into a buffer. */
  static int readInto(InputStream in, ByteBuffer dst) throws IOException {
    if (dst.hasArray()) {
      int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
      if (n > 0) {
        dst.position(dst.position() + n);
      }
      return n;
    }
    byte[] chunk = new byte[dst.remaining()];
    int n = in.read(chunk);
    if (n > 0) {
      dst.put(chunk, 0, n);
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  @Override
  public String toString() {
    return "SocketTransport " + socket;
  }
}
