import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An ordinary app that knows nothing of proxies: it connects to HOST:PORT and prints the first line it reads. */
public class HelloApp {
  public static void main(String[] args) throws Exception {
    String[] target = args[0].split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(target[0], Integer.parseInt(target[1])), 5_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      System.out.println("app: connected to " + socket.getRemoteSocketAddress() + "; destination saw " + in.readLine());
    }
  }
}
