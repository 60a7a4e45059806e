import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Bulk download, as an ordinary app does it: per round one connection (connect with a 10 s timeout), check the
 * greeting, ask for BYTES bytes and read them to end of stream in 64 KiB reads. The time covers connect, handshake
 * and transfer. A first round of BYTES/4 warms up (JIT, TCP autotuning) and is not reported; then one MB/s figure
 * (10^6 bytes) per round.
 *
 * <p>Usage: {@code BulkClient blocking|nio HOST PORT BYTES ROUNDS EXPECTED_PEER}. {@code blocking} uses
 * {@link Socket}; {@code nio} a non-blocking {@link SocketChannel} driven by a {@link Selector}.
 */
public final class BulkClient {
  private static final int READ = 64 * 1024;

  public static void main(String[] args) throws IOException {
    boolean nio = args[0].equals("nio");
    InetSocketAddress target = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
    long bytes = Long.parseLong(args[3]);
    int rounds = Integer.parseInt(args[4]);
    String peer = Greeting.arg(args, 5);
    for (int r = 0; r <= rounds; r++) {
      long size = r == 0 ? bytes / 4 : bytes;
      long start = System.nanoTime();
      long got = nio ? nonBlocking(target, size, peer) : blocking(target, size, peer);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (got != size) {
        throw new IOException("received " + got + " of " + size + " bytes");
      }
      if (r > 0) {
        System.out.printf("%.1f%n", size / seconds / 1e6);
      }
    }
  }

  private static long blocking(InetSocketAddress target, long bytes, String peer) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(target, 10_000);
      InputStream in = socket.getInputStream();
      Greeting.check(in, peer);
      OutputStream out = socket.getOutputStream();
      out.write((bytes + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] buffer = new byte[READ];
      long got = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        got += n;
      }
      return got;
    }
  }

  private static long nonBlocking(InetSocketAddress target, long bytes, String peer) throws IOException {
    try (SocketChannel ch = SocketChannel.open(); Selector selector = Selector.open()) {
      ch.configureBlocking(false);
      if (!ch.connect(target)) {
        ch.register(selector, SelectionKey.OP_CONNECT);
        while (!ch.finishConnect()) {
          selector.select(10_000);
        }
      }
      ch.register(selector, SelectionKey.OP_READ);
      ByteBuffer buffer = ByteBuffer.allocateDirect(READ);
      StringBuilder greeting = new StringBuilder();
      long got = 0;
      boolean asked = false;
      while (true) {
        int n = ch.read(buffer);
        if (n < 0) {
          return got;
        }
        if (n == 0) {
          if (selector.select(10_000) == 0) {
            throw new IOException("no data for 10 s");
          }
          selector.selectedKeys().clear();
          continue;
        }
        buffer.flip();
        while (!asked && buffer.hasRemaining()) {
          char c = (char) buffer.get();
          if (c == '\n') {
            Greeting.check(greeting.toString(), peer);
            ByteBuffer ask = ByteBuffer.wrap((bytes + "\n").getBytes(StandardCharsets.US_ASCII));
            while (ask.hasRemaining()) {
              ch.write(ask);
            }
            asked = true;
          } else {
            greeting.append(c);
          }
        }
        got += buffer.remaining();
        buffer.clear();
      }
    }
  }
}
