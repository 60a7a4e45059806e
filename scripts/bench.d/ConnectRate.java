import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sequential connections: connect (10 s timeout, as apps usually give one), read the destination's greeting, close.
 * WARMUP connections uncounted, then it prints {@code ready} and, per line on its standard input, makes BATCH more and
 * prints connections per second and the CPU time the connecting thread spent per connection in microseconds, until
 * the input ends (the bench takes turns between variants batch by batch). An in-band agent does its work on the
 * app's thread, so the CPU figure shows its cost even when the machine's other load blurs the rate.
 * Usage: {@code ConnectRate HOST PORT WARMUP BATCH EXPECTED_PEER}
 */
public final class ConnectRate {
  public static void main(String[] args) throws IOException {
    InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    int warmup = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);
    String peer = Greeting.arg(args, 4);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < warmup; i++) {
      once(target, peer);
    }
    System.out.println("ready");
    System.out.flush();
    BufferedReader turns = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    while (turns.readLine() != null) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < count; i++) {
        once(target, peer);
      }
      double micros = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / count;
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("%.1f %.1f%n", count / seconds, micros);
      System.out.flush();
    }
  }

  private static void once(InetSocketAddress target, String peer) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(target, 10_000);
      Greeting.check(socket.getInputStream(), peer);
    }
  }
}
