package dev.socksify.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An embedded SOCKS5 server (RFC 1928) for tests: method negotiation with no-auth or RFC 1929 user/password,
 * CONNECT to IPv4, IPv6 and DOMAIN targets, and BIND (a listening socket, two replies). UDP ASSOCIATE gets
 * "command not supported" (0x07).
 */
public final class EmbeddedSocks5Server extends EmbeddedProxyServer<EmbeddedSocks5Server> {
  static final int VERSION = 5;
  static final int METHOD_NONE = 0x00;
  static final int METHOD_PASSWORD = 0x02;
  static final int NO_ACCEPTABLE_METHOD = 0xFF;
  static final int CMD_CONNECT = 1;
  static final int CMD_BIND = 2;
  /** How long a BIND waits for the incoming connection before answering "TTL expired". */
  static final int BIND_ACCEPT_TIMEOUT_MILLIS = 30_000;
  static final int ATYP_IPV4 = 1;
  static final int ATYP_DOMAIN = 3;
  static final int ATYP_IPV6 = 4;
  static final int REP_SUCCEEDED = 0x00;
  static final int REP_GENERAL_FAILURE = 0x01;
  static final int REP_HOST_UNREACHABLE = 0x04;
  static final int REP_CONNECTION_REFUSED = 0x05;
  static final int REP_TTL_EXPIRED = 0x06;
  static final int REP_COMMAND_NOT_SUPPORTED = 0x07;
  static final int REP_ADDRESS_TYPE_NOT_SUPPORTED = 0x08;

  private volatile String user;
  private volatile String password;
  private volatile String lastUser;

  /** A server in {@link Mode#OK} on 127.0.0.1, port chosen by the system. */
  public EmbeddedSocks5Server() throws IOException {
    this(Mode.OK);
  }

  public EmbeddedSocks5Server(Mode mode) throws IOException {
    this(loopback(), mode);
  }

  public EmbeddedSocks5Server(InetAddress bindAddress, Mode mode) throws IOException {
    super(bindAddress, mode, "socks5-embedded");
  }

  /** From now on only RFC 1929 username/password with these values is accepted. */
  public EmbeddedSocks5Server requireCredentials(String user, String password) {
    this.user = user;
    this.password = password;
    return this;
  }

  /** The user name of the most recent RFC 1929 sub-negotiation, or {@code null}. */
  public String lastUser() {
    return lastUser;
  }

  @Override
  protected void serve(Socket socket) throws IOException {
    InputStream in = new BufferedInputStream(socket.getInputStream());
    OutputStream out = socket.getOutputStream();
    if (readByte(in) != VERSION) {
      return;
    }
    byte[] methods = readExactly(in, readByte(in));
    Mode mode = mode();
    if (mode == Mode.HANG) {
      hang(in);
      return;
    }
    if (mode == Mode.GARBAGE) {
      garbage(out, in);
      return;
    }
    String requiredUser = user;
    int method = requiredUser != null ? METHOD_PASSWORD : METHOD_NONE;
    if (!contains(methods, method)) {
      answerAndLinger(socket, in, new byte[] {VERSION, (byte) NO_ACCEPTABLE_METHOD});
      return;
    }
    out.write(new byte[] {VERSION, (byte) method});
    out.flush();
    if (method == METHOD_PASSWORD && !authenticate(socket, in, out, requiredUser, password)) {
      return;
    }

    if (readByte(in) != VERSION) {
      return;
    }
    int command = readByte(in);
    readByte(in); // RSV
    RequestedTarget target = readTarget(in);
    if (target == null) {
      answerAndLinger(socket, in, reply(REP_ADDRESS_TYPE_NOT_SUPPORTED, null));
      return;
    }
    recordTarget(target);
    if (command != CMD_CONNECT && command != CMD_BIND) {
      answerAndLinger(socket, in, reply(REP_COMMAND_NOT_SUPPORTED, null));
      return;
    }
    if (mode == Mode.REFUSE) {
      answerAndLinger(socket, in, reply(refusalCodeOr(REP_CONNECTION_REFUSED), null));
      return;
    }
    if (command == CMD_BIND) {
      bind(socket, in, out);
      return;
    }
    Socket onward;
    try {
      onward = connectOnward(target);
    } catch (IOException e) {
      answerAndLinger(socket, in, reply(failureCode(OnwardFailure.of(e)), null));
      return;
    }
    replyAndRelay(socket, in, onward, reply(REP_SUCCEEDED, onward));
  }

  /**
   * RFC 1928 BIND: listen on the outbound address (or where this server listens), report it in the first reply,
   * accept one connection, report its source in the second reply, then relay. The expected source in the
   * request is recorded but not enforced.
   */
  private void bind(Socket socket, InputStream in, OutputStream out) throws IOException {
    InetAddress local = outboundAddress() != null ? outboundAddress() : socket.getLocalAddress();
    Socket incoming;
    try (ServerSocket listener = new ServerSocket(0, 1, local)) {
      track(listener);
      out.write(reply(REP_SUCCEEDED, listener.getInetAddress(), listener.getLocalPort()));
      out.flush();
      listener.setSoTimeout(BIND_ACCEPT_TIMEOUT_MILLIS);
      try {
        incoming = listener.accept();
      } catch (SocketTimeoutException e) {
        answerAndLinger(socket, in, reply(REP_TTL_EXPIRED, null));
        return;
      } finally {
        release(listener);
      }
    }
    track(incoming);
    replyAndRelay(socket, in, incoming, reply(REP_SUCCEEDED, incoming.getInetAddress(), incoming.getPort()));
  }

  private boolean authenticate(
      Socket socket, InputStream in, OutputStream out, String requiredUser, String requiredPassword)
      throws IOException {
    if (readByte(in) != 1) {
      return false;
    }
    String name = new String(readExactly(in, readByte(in)), StandardCharsets.UTF_8);
    String secret = new String(readExactly(in, readByte(in)), StandardCharsets.UTF_8);
    lastUser = name;
    if (name.equals(requiredUser) && secret.equals(requiredPassword)) {
      out.write(new byte[] {1, 0});
      out.flush();
      return true;
    }
    answerAndLinger(socket, in, new byte[] {1, 1});
    return false;
  }

  private static RequestedTarget readTarget(InputStream in) throws IOException {
    int atyp = readByte(in);
    String host;
    boolean name = false;
    if (atyp == ATYP_IPV4) {
      host = InetAddress.getByAddress(readExactly(in, 4)).getHostAddress();
    } else if (atyp == ATYP_IPV6) {
      host = InetAddress.getByAddress(readExactly(in, 16)).getHostAddress();
    } else if (atyp == ATYP_DOMAIN) {
      host = new String(readExactly(in, readByte(in)), StandardCharsets.US_ASCII);
      name = true;
    } else {
      return null;
    }
    byte[] port = readExactly(in, 2);
    return new RequestedTarget(host, ((port[0] & 0xFF) << 8) | (port[1] & 0xFF), name);
  }

  private static int failureCode(OnwardFailure failure) {
    return switch (failure) {
      case REFUSED -> REP_CONNECTION_REFUSED;
      case UNREACHABLE -> REP_HOST_UNREACHABLE;
      case OTHER -> REP_GENERAL_FAILURE;
    };
  }

  /** A reply with BND.ADDR/BND.PORT of {@code onward}'s local end, or 0.0.0.0:0. */
  private static byte[] reply(int code, Socket onward) {
    return onward != null ? reply(code, onward.getLocalAddress(), onward.getLocalPort()) : reply(code, null, 0);
  }

  private static byte[] reply(int code, InetAddress bound, int port) {
    byte[] addr = bound != null ? bound.getAddress() : new byte[4];
    ByteBuffer b = ByteBuffer.allocate(6 + addr.length);
    b.put((byte) VERSION).put((byte) code).put((byte) 0);
    b.put((byte) (bound == null || bound instanceof Inet4Address ? ATYP_IPV4 : ATYP_IPV6));
    b.put(addr).putShort((short) port);
    return b.array();
  }

  private static boolean contains(byte[] methods, int method) {
    for (byte m : methods) {
      if ((m & 0xFF) == method) {
        return true;
      }
    }
    return false;
  }
}
