package dev.socksify.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * An embedded SOCKS4 server with the 4a extension for tests: CONNECT to an IPv4 address, or to a name when
 * DSTIP is {@code 0.0.0.x} (x non-zero) and the name follows the user id. Other commands are rejected (91).
 */
public final class EmbeddedSocks4Server extends EmbeddedProxyServer<EmbeddedSocks4Server> {
  static final int VERSION = 4;
  static final int CMD_CONNECT = 1;
  static final int REPLY_VERSION = 0;
  static final int GRANTED = 90;
  static final int REJECTED = 91;
  /** Longest user id or 4a host name accepted; longer requests are dropped. */
  static final int MAX_FIELD = 255;

  private volatile String lastUserId;

  /** A server in {@link Mode#OK} on 127.0.0.1, port chosen by the system. */
  public EmbeddedSocks4Server() throws IOException {
    this(Mode.OK);
  }

  public EmbeddedSocks4Server(Mode mode) throws IOException {
    this(loopback(), mode);
  }

  public EmbeddedSocks4Server(InetAddress bindAddress, Mode mode) throws IOException {
    super(bindAddress, mode, "socks4-embedded");
  }

  /** The USERID field of the most recent request, or {@code null}. */
  public String lastUserId() {
    return lastUserId;
  }

  @Override
  protected void serve(Socket socket) throws IOException {
    InputStream in = new BufferedInputStream(socket.getInputStream());
    OutputStream out = socket.getOutputStream();
    if (readByte(in) != VERSION) {
      return;
    }
    int command = readByte(in);
    byte[] portBytes = readExactly(in, 2);
    byte[] ip = readExactly(in, 4);
    lastUserId = readUntil(in, 0, MAX_FIELD);
    int port = ((portBytes[0] & 0xFF) << 8) | (portBytes[1] & 0xFF);
    boolean socks4a = ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] != 0;
    RequestedTarget target =
        socks4a
            ? new RequestedTarget(readUntil(in, 0, MAX_FIELD), port, true)
            : new RequestedTarget(InetAddress.getByAddress(ip).getHostAddress(), port, false);
    recordTarget(target);

    Mode mode = mode();
    if (mode == Mode.HANG) {
      hang(in);
      return;
    }
    if (mode == Mode.GARBAGE) {
      garbage(out, in);
      return;
    }
    if (command != CMD_CONNECT) {
      answerAndLinger(socket, in, reply(REJECTED, null));
      return;
    }
    if (mode == Mode.REFUSE) {
      answerAndLinger(socket, in, reply(refusalCodeOr(REJECTED), null));
      return;
    }
    Socket onward;
    try {
      onward = connectOnward(target);
    } catch (IOException e) {
      answerAndLinger(socket, in, reply(REJECTED, null));
      return;
    }
    replyAndRelay(socket, in, onward, reply(GRANTED, onward));
  }

  /** VN 0, CD, then DSTPORT/DSTIP: the onward socket's local end where it is IPv4, zeros otherwise. */
  private static byte[] reply(int code, Socket onward) {
    ByteBuffer b = ByteBuffer.allocate(8);
    b.put((byte) REPLY_VERSION).put((byte) code);
    if (onward != null && onward.getLocalAddress() instanceof Inet4Address v4) {
      b.putShort((short) onward.getLocalPort()).put(v4.getAddress());
    }
    return b.array();
  }
}
