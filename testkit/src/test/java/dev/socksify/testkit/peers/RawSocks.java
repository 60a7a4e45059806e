package dev.socksify.testkit.peers;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written SOCKS4/4a/5 and HTTP CONNECT clients, byte by byte, independent of the chain engine: they prove a
 * launcher brought up a working proxy even while the engine is being written.
 */
final class RawSocks {
  private static final int TIMEOUT_MILLIS = 10_000;

  private RawSocks() {}

  static Socket open(RealPeer peer) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(peer.host(), peer.port()), TIMEOUT_MILLIS);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    return socket;
  }

  /** SOCKS5 CONNECT to an IPv4 loopback port, optionally with RFC 1929; returns REP (or 0x100+status on auth). */
  static int socks5Connect(Socket socket, int port, String user, String password) throws IOException {
    OutputStream out = socket.getOutputStream();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    out.write(user == null ? new byte[] {5, 1, 0} : new byte[] {5, 1, 2});
    byte[] method = new byte[2];
    in.readFully(method);
    if (method[0] != 5) {
      throw new IOException("not SOCKS5: version " + method[0]);
    }
    if (method[1] == 2) {
      ByteArrayOutputStream auth = new ByteArrayOutputStream();
      auth.write(1);
      auth.write(user.length());
      auth.writeBytes(user.getBytes(StandardCharsets.UTF_8));
      auth.write(password.length());
      auth.writeBytes(password.getBytes(StandardCharsets.UTF_8));
      out.write(auth.toByteArray());
      byte[] status = new byte[2];
      in.readFully(status);
      if (status[1] != 0) {
        return 0x100 + (status[1] & 0xff);
      }
    } else if (method[1] != 0) {
      throw new IOException("no acceptable method: " + (method[1] & 0xff));
    }
    byte[] addr = InetAddress.getLoopbackAddress().getAddress();
    out.write(new byte[] {5, 1, 0, 1, addr[0], addr[1], addr[2], addr[3], (byte) (port >> 8), (byte) port});
    byte[] head = new byte[4];
    in.readFully(head);
    int addressLength = switch (head[3]) {
      case 1 -> 4;
      case 4 -> 16;
      case 3 -> in.readUnsignedByte();
      default -> throw new IOException("bad ATYP " + head[3]);
    };
    in.readFully(new byte[addressLength + 2]);
    return head[1] & 0xff;
  }

  /** SOCKS4 CONNECT to 127.0.0.1:port, or SOCKS4a to {@code host}:port when host is not null; returns CD. */
  static int socks4Connect(Socket socket, String host, int port) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(new byte[] {4, 1, (byte) (port >> 8), (byte) port});
    request.writeBytes(host == null ? InetAddress.getLoopbackAddress().getAddress() : new byte[] {0, 0, 0, 1});
    request.writeBytes("lab".getBytes(StandardCharsets.US_ASCII));
    request.write(0);
    if (host != null) {
      request.writeBytes(host.getBytes(StandardCharsets.US_ASCII));
      request.write(0);
    }
    socket.getOutputStream().write(request.toByteArray());
    byte[] reply = new byte[8];
    new DataInputStream(socket.getInputStream()).readFully(reply);
    return reply[1] & 0xff;
  }

  /** HTTP CONNECT to 127.0.0.1:port, optional Basic auth; returns the status code, headers consumed. */
  static int httpConnect(Socket socket, int port, String basic) throws IOException {
    String request = "CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + (basic == null ? "" : "Proxy-Authorization: Basic " + basic + "\r\n") + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    String status = readLine(socket.getInputStream());
    while (!readLine(socket.getInputStream()).isEmpty()) {
      // headers: not needed
    }
    return Integer.parseInt(status.split(" ")[1]);
  }

  /** One line without its CR LF (or LF), read byte by byte so nothing past it is consumed. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("EOF after '" + line + "'");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  /** The source IP the destination reported ({@code peer=IP:port}). */
  static String reportedPeerIp(Socket socket) throws IOException {
    String line = readLine(socket.getInputStream());
    if (!line.startsWith("peer=")) {
      throw new IOException("not a peer report: " + line);
    }
    return line.substring(5, line.lastIndexOf(':'));
  }
}
