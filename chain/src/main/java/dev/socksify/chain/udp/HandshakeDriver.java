package dev.socksify.chain.udp;

import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.protocol.ClientHandshake;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;

/** Runs one handshake over a blocking control connection, reading exactly what the handshake asks for. */
final class HandshakeDriver {
  private HandshakeDriver() {}

  static void run(SocketChannel channel, ClientHandshake handshake, HopContext context) throws IOException {
    run(channel, handshake, context, () -> HopUnreachableException.eof(context));
  }

  /** As {@link #run(SocketChannel, ClientHandshake, HopContext)}, throwing {@code onEof}'s exception on EOF. */
  static void run(SocketChannel channel, ClientHandshake handshake, HopContext context, Supplier<IOException> onEof)
      throws IOException {
    long timeout = context.hop().timeouts().read().toMillis();
    channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout));
    InputStream in = channel.socket().getInputStream();
    writeFully(channel, handshake.start());
    while (!handshake.isDone()) {
      byte[] chunk = new byte[handshake.bytesNeeded()];
      int n;
      try {
        n = in.read(chunk);
      } catch (SocketTimeoutException e) {
        throw HopUnreachableException.timeout(context, timeout);
      }
      if (n < 0) {
        throw onEof.get();
      }
      ByteBuffer reply = handshake.receive(ByteBuffer.wrap(chunk, 0, n));
      writeFully(channel, reply);
    }
  }

  private static void writeFully(SocketChannel channel, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }
}
