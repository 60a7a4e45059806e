package dev.socksify.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A destination for tests and the demo: on each connection it first writes one line {@code peer=IP:port\n}
 * (the remote address it saw, IPv6 in brackets), then echoes everything back until EOF, then half-closes. The
 * peer line tells a test which hop a chained connection really left from.
 */
public final class PeerEchoServer extends EmbeddedTcpServer {
  private volatile InetSocketAddress lastPeer;

  /** Listens on 127.0.0.1, port chosen by the system. */
  public PeerEchoServer() throws IOException {
    this(loopback());
  }

  public PeerEchoServer(InetAddress bindAddress) throws IOException {
    super(bindAddress, "peer-echo");
  }

  /** The remote address of the most recent connection, or {@code null}. */
  public InetSocketAddress lastPeer() {
    return lastPeer;
  }

  /** The line this server sends first to a client seen at {@code peer}, without the newline. */
  public static String peerLine(InetSocketAddress peer) {
    String ip = peer.getAddress().getHostAddress();
    return "peer=" + (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + peer.getPort();
  }

  @Override
  protected void serve(Socket socket) throws IOException {
    InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
    lastPeer = peer;
    OutputStream out = socket.getOutputStream();
    out.write((peerLine(peer) + "\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[16384];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
      out.flush();
    }
    socket.shutdownOutput();
  }
}
