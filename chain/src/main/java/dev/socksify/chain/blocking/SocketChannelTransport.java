package dev.socksify.chain.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A {@link BlockingTransport} over a blocking {@link SocketChannel}. Reads go through the channel's socket
 * adaptor stream because that honours {@code SO_TIMEOUT} while {@link SocketChannel#read} ignores it; the
 * timeout is cleared after each read so the channel is left as the caller gave it.
 */
public final class SocketChannelTransport implements BlockingTransport {
  private final SocketChannel channel;
  private final InputStream in;

  /** Wraps a connected channel in blocking mode. */
  public SocketChannelTransport(SocketChannel channel) throws IOException {
    if (!channel.isBlocking()) {
      throw new IllegalArgumentException("channel must be in blocking mode");
    }
    this.channel = channel;
    this.in = channel.socket().getInputStream();
  }

  /** Opens a channel and connects it to {@code address} within {@code connectTimeout}. */
  public static SocketChannelTransport open(InetSocketAddress address, Duration connectTimeout)
      throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      // the adaptor's connect takes a timeout, SocketChannel.connect does not
      channel.socket().connect(address, BlockingTransport.soTimeoutMillis(connectTimeout));
      return new SocketChannelTransport(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The channel, for the caller to use once the tunnel is up. */
  public SocketChannel channel() {
    return channel;
  }

  @Override
  public void write(ByteBuffer src) throws IOException {
    while (src.hasRemaining()) {
      channel.write(src);
    }
  }

  @Override
  public int read(ByteBuffer dst, Duration timeout) throws IOException {
    Socket socket = channel.socket();
    socket.setSoTimeout(BlockingTransport.soTimeoutMillis(timeout));
    try {
      return SocketTransport.readInto(in, dst);
    } finally {
      socket.setSoTimeout(0);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "SocketChannelTransport " + channel;
  }
}
