package dev.socksify.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * An embedded HTTP proxy that serves CONNECT only (RFC 9110 section 9.3.6), optionally with Basic proxy
 * authentication. Its replies carry a header besides the status line, so clients must parse to the blank line.
 */
public final class EmbeddedHttpConnectServer extends EmbeddedProxyServer<EmbeddedHttpConnectServer> {
  /** Longest request header block accepted; a longer one is dropped. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  private static final int MAX_LINE = 8 * 1024;

  private volatile String expectedAuthorization;
  private volatile String lastAuthorization;

  /** A server in {@link Mode#OK} on 127.0.0.1, port chosen by the system. */
  public EmbeddedHttpConnectServer() throws IOException {
    this(Mode.OK);
  }

  public EmbeddedHttpConnectServer(Mode mode) throws IOException {
    this(loopback(), mode);
  }

  public EmbeddedHttpConnectServer(InetAddress bindAddress, Mode mode) throws IOException {
    super(bindAddress, mode, "http-embedded");
  }

  /** From now on a {@code Proxy-Authorization: Basic} header with these values is required (else 407). */
  public EmbeddedHttpConnectServer requireCredentials(String user, String password) {
    String token = user + ":" + password;
    expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Whether the most recent request carried a {@code Proxy-Authorization} header. */
  public boolean lastRequestHadAuthorization() {
    return lastAuthorization != null;
  }

  @Override
  protected void serve(Socket socket) throws IOException {
    InputStream in = new BufferedInputStream(socket.getInputStream());
    OutputStream out = socket.getOutputStream();
    List<String> head = readHead(in);
    String[] requestLine = head.get(0).split(" ");
    String authorization = header(head, "proxy-authorization");
    lastAuthorization = authorization;

    Mode mode = mode();
    if (mode == Mode.HANG) {
      hang(in);
      return;
    }
    if (mode == Mode.GARBAGE) {
      garbage(out, in);
      return;
    }
    if (requestLine.length != 3 || !requestLine[0].equals("CONNECT")) {
      answerAndLinger(socket, in, status(405, "Method Not Allowed"));
      return;
    }
    RequestedTarget target = parseAuthority(requestLine[1]);
    if (target == null) {
      answerAndLinger(socket, in, status(400, "Bad Request"));
      return;
    }
    recordTarget(target);
    String expected = expectedAuthorization;
    if (expected != null && !expected.equals(authorization)) {
      answerAndLinger(
          socket,
          in,
          ("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"embedded\"\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      return;
    }
    if (mode == Mode.REFUSE) {
      answerAndLinger(socket, in, status(refusalCodeOr(403), "Refused"));
      return;
    }
    Socket onward;
    try {
      onward = connectOnward(target);
    } catch (IOException e) {
      boolean unreachable = OnwardFailure.of(e) == OnwardFailure.UNREACHABLE;
      answerAndLinger(socket, in, unreachable ? status(504, "Gateway Timeout") : status(502, "Bad Gateway"));
      return;
    }
    byte[] ok =
        "HTTP/1.1 200 Connection established\r\nProxy-Agent: socksify-testkit\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    replyAndRelay(socket, in, onward, ok);
  }

  /** Reads the request line and headers up to the blank line, never past it. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    int total = 0;
    while (true) {
      String line = readUntil(in, '\n', MAX_LINE);
      total += line.length() + 1;
      if (total > MAX_HEADER_BYTES) {
        throw new IOException("request head longer than " + MAX_HEADER_BYTES + " bytes");
      }
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        if (lines.isEmpty()) {
          throw new IOException("empty request");
        }
        return lines;
      }
      lines.add(line);
    }
  }

  private static String header(List<String> head, String lowerName) {
    for (String line : head.subList(1, head.size())) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(lowerName)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** {@code host:port} or {@code [v6]:port}; null if malformed. */
  private static RequestedTarget parseAuthority(String authority) {
    String host;
    String port;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0 || close + 1 >= authority.length() || authority.charAt(close + 1) != ':') {
        return null;
      }
      host = authority.substring(1, close);
      port = authority.substring(close + 2);
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon <= 0) {
        return null;
      }
      host = authority.substring(0, colon);
      port = authority.substring(colon + 1);
    }
    try {
      int p = Integer.parseInt(port);
      return p < 1 || p > 65535 ? null : new RequestedTarget(host, p, !isLiteral(host));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean isLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  private static byte[] status(int code, String reason) {
    return ("HTTP/1.1 " + code + " " + reason + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }
}
