package far;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Greets each connection with {@code peer=IP:PORT} (the address it came from), then echoes every byte until the
 * client half-closes, then closes its side too: a client sees the greeting, its echo, and end of stream.
 */
final class PeerServer {
  private final ServerSocket server;

  private PeerServer(ServerSocket server) {
    this.server = server;
  }

  static PeerServer start(InetSocketAddress bind) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(bind, 128);
    Thread acceptor = new Thread(() -> accept(server), "peer-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return new PeerServer(server);
  }

  int port() {
    return server.getLocalPort();
  }

  private static void accept(ServerSocket server) {
    while (true) {
      try {
        Socket socket = server.accept();
        Thread worker = new Thread(() -> serve(socket), "peer-" + socket.getPort());
        worker.setDaemon(true);
        worker.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void serve(Socket socket) {
    try (socket) {
      InetSocketAddress from = (InetSocketAddress) socket.getRemoteSocketAddress();
      OutputStream out = socket.getOutputStream();
      out.write(("peer=" + from.getAddress().getHostAddress() + ":" + from.getPort() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[65536];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
      socket.shutdownOutput();
    } catch (IOException e) {
      // the client went away; nothing to report to
    }
  }
}
