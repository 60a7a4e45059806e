import java.net.InetSocketAddress;
import java.net.Socket;

/** Start-up probe: an app that opens one connection, reads the greeting, and exits. Usage: HOST PORT EXPECTED_PEER */
public final class Hello {
  public static void main(String[] args) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 10_000);
      Greeting.check(socket.getInputStream(), args[2]);
    }
    System.out.println("hello");
  }
}
