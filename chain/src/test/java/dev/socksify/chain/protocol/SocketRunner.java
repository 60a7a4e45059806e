package dev.socksify.chain.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * The strictest runner, for tests against real proxies: blocking socket, reads exactly {@code bytesNeeded()}
 * each time, so whatever follows the handshake stays in the socket for the test to read.
 */
public final class SocketRunner {
  private SocketRunner() {}

  /** Runs {@code handshake} to completion over {@code socket}; throws what the handshake throws, or EOF. */
  public static void run(Socket socket, ClientHandshake handshake) throws IOException {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    write(out, handshake.start());
    while (!handshake.isDone()) {
      int need = handshake.bytesNeeded();
      byte[] chunk = in.readNBytes(need);
      // What did arrive is handed over first: a refusal is decided on its second octet even if the proxy
      // closes right after it.
      write(out, handshake.receive(ByteBuffer.wrap(chunk)));
      if (chunk.length < need) {
        throw new EOFException("proxy closed the connection mid-handshake: " + handshake);
      }
    }
  }

  private static void write(OutputStream out, ByteBuffer bytes) throws IOException {
    if (bytes.hasRemaining()) {
      out.write(Wire.array(bytes));
      out.flush();
    }
  }
}
