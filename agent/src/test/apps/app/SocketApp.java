package app;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * java.net.Socket: connects to HOST PORT (with TIMEOUT ms if given), reports the remote address the socket reports,
 * reads the destination's greeting ({@code peer=...}), has a line echoed, half-closes and expects end of stream.
 * {@code --virtual} runs it on a virtual thread (JDK 21+, started by reflection so this compiles for 17).
 */
public final class SocketApp {
  public static void main(String[] args) throws Exception {
    boolean virtual = args[0].equals("--virtual");
    int first = virtual ? 1 : 0;
    String host = args[first];
    int port = Integer.parseInt(args[first + 1]);
    int timeout = args.length > first + 2 ? Integer.parseInt(args[first + 2]) : 0;
    Runnable task = () -> {
      try {
        run(host, port, timeout);
      } catch (Throwable t) {
        Report.fail(t);
      }
    };
    if (!virtual) {
      task.run();
      return;
    }
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
    ((Thread) start.invoke(builder, task)).join();
  }

  private static void run(String host, int port, int timeout) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeout);
      Report.line("virtual", isVirtual());
      Report.line("remote", socket.getRemoteSocketAddress());
      Report.line("inet", socket.getInetAddress());
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      Report.line("greeting", Report.readLine(in));
      out.write("hello through the chain\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      Report.line("echo", Report.readLine(in));
      socket.shutdownOutput();
      Report.line("eof", in.read() == -1);
    }
  }

  private static boolean isVirtual() {
    try {
      return (boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
