import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Sequential connections: connect (10 s timeout, as apps usually give one), read the destination's greeting, close;
 * WARMUP rounds uncounted, then COUNT timed. Prints connections per second. Usage: HOST PORT WARMUP COUNT EXPECTED_PEER
 */
public final class ConnectRate {
  public static void main(String[] args) throws IOException {
    InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    int warmup = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);
    String peer = Greeting.arg(args, 4);
    for (int i = 0; i < warmup; i++) {
      once(target, peer);
    }
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      once(target, peer);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%.1f%n", count / seconds);
  }

  private static void once(InetSocketAddress target, String peer) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(target, 10_000);
      Greeting.check(socket.getInputStream(), peer);
    }
  }
}
