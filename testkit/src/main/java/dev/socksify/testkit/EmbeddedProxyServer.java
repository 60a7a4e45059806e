package dev.socksify.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * What the embedded SOCKS4, SOCKS5 and HTTP CONNECT servers share: the {@link Mode}, the onward connection
 * (optionally from a chosen local address, so the destination sees which hop a connection left from), the
 * record of the last requested target, and the two-way relay with half-close. Each protocol lives in its own
 * subclass; none of this depends on the chain module, so the servers check the clients independently.
 *
 * <p>Settings may be changed while the server runs (a test can turn a hop to {@link Mode#HANG}); they apply
 * to connections accepted afterwards.
 */
public abstract class EmbeddedProxyServer<S extends EmbeddedProxyServer<S>> extends EmbeddedTcpServer {
  /** How the server answers. */
  public enum Mode {
    /** Connects onward to the requested target and relays both ways. */
    OK,
    /** Answers with the protocol's refusal (see {@link #refusalCode(int)}). */
    REFUSE,
    /** Reads the request and never answers (the client's read timeout must fire). */
    HANG,
    /** Answers with bytes that are not the protocol. */
    GARBAGE
  }

  /** What {@link Mode#GARBAGE} sends: wrong version byte for SOCKS, not a status line for HTTP. */
  static final byte[] GARBAGE_BYTES = "garbage, not a proxy reply\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** How long to wait for the destination's first bytes when {@link #replyWithFirstBytes(boolean)} is on. */
  private static final int FIRST_BYTES_WAIT_MILLIS = 2_000;
  private static final int ONWARD_CONNECT_TIMEOUT_MILLIS = 5_000;

  private volatile Mode mode;
  private volatile InetAddress outboundAddress;
  private volatile RequestedTarget lastTarget;
  private volatile Integer refusalCode;
  private volatile boolean replyWithFirstBytes;
  private final Map<String, InetAddress> hosts = new ConcurrentHashMap<>();

  protected EmbeddedProxyServer(InetAddress bindAddress, Mode mode, String name) throws IOException {
    super(bindAddress, name);
    this.mode = mode;
  }

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  public Mode mode() {
    return mode;
  }

  /** Changes the mode for connections accepted from now on. */
  public S mode(Mode mode) {
    this.mode = mode;
    return self();
  }

  /** Onward connections leave from {@code address} (e.g. 127.0.0.12), so the destination can tell this hop. */
  public S outboundFrom(InetAddress address) {
    this.outboundAddress = address;
    return self();
  }

  /** Names the server resolves to a fixed address in {@link Mode#OK}, like an /etc/hosts of its own. */
  public S mapHost(String name, InetAddress address) {
    hosts.put(name.toLowerCase(Locale.ROOT), address);
    return self();
  }

  /** The refusal code {@link Mode#REFUSE} answers with, instead of the protocol's default. */
  public S refusalCode(int code) {
    this.refusalCode = code;
    return self();
  }

  /**
   * In {@link Mode#OK}, waits briefly for the destination's first bytes and sends them in the same write as the
   * success reply, so a client that reads past the reply must hand them on rather than lose them.
   */
  public S replyWithFirstBytes(boolean on) {
    this.replyWithFirstBytes = on;
    return self();
  }

  /** The address onward connections leave from, or {@code null} for the system's choice. */
  protected InetAddress outboundAddress() {
    return outboundAddress;
  }

  /** The target of the most recent request, or {@code null} if none arrived yet. */
  public RequestedTarget lastTarget() {
    return lastTarget;
  }

  /** The refusal code configured, or {@code protocolDefault}. */
  protected int refusalCodeOr(int protocolDefault) {
    Integer code = refusalCode;
    return code != null ? code : protocolDefault;
  }

  protected void recordTarget(RequestedTarget target) {
    lastTarget = target;
  }

  /** {@link Mode#HANG}: say nothing, keep the connection until the client gives up or the server closes. */
  protected static void hang(InputStream in) throws IOException {
    drain(in);
  }

  /** {@link Mode#GARBAGE}: answer with bytes no client of this protocol accepts. */
  protected static void garbage(OutputStream out, InputStream in) throws IOException {
    out.write(GARBAGE_BYTES);
    out.flush();
    drain(in);
  }

  /**
   * Sends a final answer (refusal, auth failure) and closes only after the client did, so the answer cannot be
   * lost to a reset caused by bytes the server left unread.
   */
  protected static void answerAndLinger(Socket socket, InputStream in, byte[] answer) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(answer);
    out.flush();
    socket.shutdownOutput();
    drain(in);
  }

  /** Reads and discards until EOF. */
  protected static void drain(InputStream in) throws IOException {
    byte[] sink = new byte[4096];
    while (in.read(sink) >= 0) {
      // discard
    }
  }

  /** Reads exactly {@code n} bytes. */
  protected static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new EOFException("client closed mid-request");
    }
    return b;
  }

  protected static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("client closed mid-request");
    }
    return b;
  }

  /** Why an onward connect failed, in the three kinds proxies report differently. */
  protected enum OnwardFailure {
    REFUSED,
    UNREACHABLE,
    OTHER;

    static OnwardFailure of(IOException e) {
      if (e instanceof ConnectException) {
        return REFUSED;
      }
      if (e instanceof UnknownHostException
          || e instanceof NoRouteToHostException
          || e instanceof SocketTimeoutException) {
        return UNREACHABLE;
      }
      return OTHER;
    }
  }

  /** Opens the onward connection for {@link Mode#OK}, from the configured outbound address if any. */
  protected Socket connectOnward(RequestedTarget target) throws IOException {
    InetAddress address = resolve(target.host());
    Socket onward = new Socket();
    track(onward);
    try {
      InetAddress from = outboundAddress;
      if (from != null) {
        onward.bind(new InetSocketAddress(from, 0));
      }
      onward.connect(new InetSocketAddress(address, target.port()), ONWARD_CONNECT_TIMEOUT_MILLIS);
      return onward;
    } catch (IOException e) {
      release(onward);
      throw e;
    }
  }

  private InetAddress resolve(String host) throws UnknownHostException {
    InetAddress mapped = hosts.get(host.toLowerCase(Locale.ROOT));
    return mapped != null ? mapped : InetAddress.getByName(host);
  }

  /**
   * Sends {@code reply} and relays both ways until both sides are done, half-closing each direction on EOF.
   * {@code clientIn} must be the stream the request was read from, so bytes the client sent right after the
   * request are relayed, not lost.
   */
  protected void replyAndRelay(Socket client, InputStream clientIn, Socket onward, byte[] reply)
      throws IOException {
    InputStream onwardIn = onward.getInputStream();
    OutputStream clientOut = client.getOutputStream();
    byte[] first = replyWithFirstBytes ? firstBytes(onward, onwardIn) : new byte[0];
    byte[] combined = new byte[reply.length + first.length];
    System.arraycopy(reply, 0, combined, 0, reply.length);
    System.arraycopy(first, 0, combined, reply.length, first.length);
    clientOut.write(combined);
    clientOut.flush();

    CountDownLatch back = new CountDownLatch(1);
    if (!spawn(
        () -> {
          try {
            pump(onwardIn, client, onward);
          } finally {
            back.countDown();
          }
        })) {
      release(onward);
      return;
    }
    pump(clientIn, onward, client);
    try {
      back.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      release(onward);
    }
  }

  private static byte[] firstBytes(Socket onward, InputStream onwardIn) throws IOException {
    onward.setSoTimeout(FIRST_BYTES_WAIT_MILLIS);
    try {
      byte[] buf = new byte[8192];
      int n = onwardIn.read(buf);
      return n <= 0 ? new byte[0] : Arrays.copyOf(buf, n);
    } catch (SocketTimeoutException e) {
      return new byte[0];
    } finally {
      onward.setSoTimeout(0);
    }
  }

  /** Copies until EOF, then half-closes the other side; on an error aborts both. */
  private static void pump(InputStream in, Socket to, Socket from) {
    byte[] buf = new byte[16384];
    try {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(to);
      closeQuietly(from);
    }
  }

  /** Reads the request line or NUL-terminated field used by SOCKS4 and HTTP, bounded to {@code max} bytes. */
  protected static String readUntil(InputStream in, int terminator, int max) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = readByte(in);
      if (b == terminator) {
        return sb.toString();
      }
      if (sb.length() >= max) {
        throw new IOException("field longer than " + max + " bytes");
      }
      sb.append((char) b);
    }
  }
}
