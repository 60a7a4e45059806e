package dev.socksify.chain.udp;

import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.blocking.BlockingTransport;
import dev.socksify.chain.connect.HopFailures;
import dev.socksify.chain.protocol.ClientHandshake;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs the UDP ASSOCIATE handshake over a hop's control connection, reading exactly what the handshake asks
 * for, as the blocking chain runner does for CONNECT.
 */
final class HandshakeDriver {
  private HandshakeDriver() {}

  static void run(BlockingTransport transport, ClientHandshake handshake, HopContext context) throws IOException {
    run(transport, handshake, context, () -> HopUnreachableException.eof(context));
  }

  /** As {@link #run(BlockingTransport, ClientHandshake, HopContext)}, throwing {@code onEof}'s exception on EOF. */
  static void run(BlockingTransport transport, ClientHandshake handshake, HopContext context,
      Supplier<IOException> onEof) throws IOException {
    Duration timeout = context.hop().timeouts().read();
    try {
      transport.write(handshake.start());
      while (!handshake.isDone()) {
        ByteBuffer reply = ByteBuffer.allocate(handshake.bytesNeeded());
        int n;
        try {
          n = transport.read(reply, timeout);
        } catch (SocketTimeoutException e) {
          throw HopUnreachableException.timeout(context, timeout.toMillis());
        }
        if (n < 0) {
          throw onEof.get();
        }
        reply.flip();
        ByteBuffer answer = handshake.receive(reply);
        if (answer.hasRemaining()) {
          transport.write(answer);
        }
      }
    } catch (HopUnreachableException | HopRefusedException | UdpUnsupportedException e) {
      throw e;
    } catch (IOException e) {
      throw HopFailures.lost(context, e);
    }
  }
}
