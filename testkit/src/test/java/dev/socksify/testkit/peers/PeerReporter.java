package dev.socksify.testkit.peers;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A loopback destination on a free port that writes {@code peer=IP:PORT\n} (the address it saw) and closes. */
final class PeerReporter implements AutoCloseable {
  private final ServerSocket server;
  private final Thread acceptor;

  PeerReporter() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::serve, "peer-reporter-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket client = server.accept()) {
        InetSocketAddress peer = (InetSocketAddress) client.getRemoteSocketAddress();
        OutputStream out = client.getOutputStream();
        out.write(("peer=" + peer.getAddress().getHostAddress() + ":" + peer.getPort() + "\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
