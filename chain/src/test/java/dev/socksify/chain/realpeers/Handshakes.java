package dev.socksify.chain.realpeers;

import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.blocking.BlockingTransport;
import dev.socksify.chain.protocol.ClientHandshake;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Drives one handshake the chain runner does not run itself (BIND, UDP ASSOCIATE) over a blocking transport,
 * reading exactly {@link ClientHandshake#bytesNeeded()} at a time, as the runner does for CONNECT.
 */
final class Handshakes {
  private Handshakes() {}

  static <T extends ClientHandshake> T run(BlockingTransport transport, HopContext context, T handshake)
      throws IOException {
    ByteBuffer opening = handshake.start();
    if (opening.hasRemaining()) {
      transport.write(opening);
    }
    while (!handshake.isDone()) {
      ByteBuffer in = ByteBuffer.allocate(handshake.bytesNeeded());
      if (transport.read(in, context.hop().timeouts().read()) < 0) {
        throw HopUnreachableException.eof(context);
      }
      in.flip();
      while (in.hasRemaining() && !handshake.isDone()) {
        int before = in.remaining();
        ByteBuffer answer = handshake.receive(in);
        if (answer.hasRemaining()) {
          transport.write(answer);
        }
        if (in.remaining() == before) {
          throw new IllegalStateException(context + ": handshake left bytes it asked for unread");
        }
      }
    }
    return handshake;
  }
}
