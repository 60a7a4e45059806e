import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * and transfer. One round warms up (JIT, TCP autotuning), then it prints {@code ready} and runs one more round per
 * line on its standard input, printing MB/s (10^6 bytes) and the CPU time its Java threads spent per GB for each,
 * until the input ends: the bench takes turns between the variants round by round, so a change in the
 * machine's other load hits them all alike. The CPU figure tells whether a slower round was the path or the machine.
 *
 * <p>Usage: {@code BulkClient blocking|nio HOST PORT BYTES EXPECTED_PEER}. {@code blocking} uses {@link Socket};
 * {@code nio} a non-blocking {@link SocketChannel} driven by a {@link Selector}.
 */
public final class BulkClient {
  private static final int READ = 64 * 1024;

  public static void main(String[] args) throws IOException {
    boolean nio = args[0].equals("nio");
    InetSocketAddress target = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
    long bytes = Long.parseLong(args[3]);
    String peer = Greeting.arg(args, 4);
    round(nio, target, bytes, peer);
    System.out.println("ready");
    System.out.flush();
    BufferedReader turns = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    while (turns.readLine() != null) {
      long cpu = processCpuNanos();
      double rate = round(nio, target, bytes, peer);
      double cpuMsPerGb = (processCpuNanos() - cpu) / 1e6 / (bytes / 1e9);
      System.out.printf("%.1f %.0f%n", rate, cpuMsPerGb);
      System.out.flush();
    }
  }

  /**
   * CPU time of the JVM's Java threads (the app's, and the agent's relay if it has one) in nanoseconds: the data
   * path's cost. Per-thread clocks are exact, where the process clock counts in 10 ms ticks; JIT and GC threads,
   * which the management API does not list, are left out.
   */
  private static long processCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      sum += Math.max(0, threads.getThreadCpuTime(id));
    }
    return sum;
  }

  private static double round(boolean nio, InetSocketAddress target, long bytes, String peer) throws IOException {
    long start = System.nanoTime();
    long got = nio ? nonBlocking(target, bytes, peer) : blocking(target, bytes, peer);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (got != bytes) {
      throw new IOException("received " + got + " of " + bytes + " bytes");
    }
    return bytes / seconds / 1e6;
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
