package dev.socksify.chain.protocol.http;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.Credentials;
import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.protocol.ClientHandshake;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of an HTTP CONNECT tunnel: {@code CONNECT host:port HTTP/1.1} with a {@code Host} header and,
 * when the hop has credentials, {@code Proxy-Authorization: Basic}. Any 2xx opens the tunnel (RFC 9110 says a
 * 2xx CONNECT response has no content, so nothing follows the blank line but tunnelled data).
 *
 * <p>The response header is read without ever reading past its blank line: with {@code k} octets of
 * CR LF CR LF matched so far, the header cannot end in fewer than {@code 4 - k} octets, and no response is
 * shorter than {@code HTTP/1.1 200} CR LF CR LF (16 octets). Only the first 256 octets of the status line are
 * kept and the whole header is capped at {@link #MAX_HEADER_BYTES}, so memory stays bounded whatever is sent.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-9.3.6">RFC 9110, section 9.3.6: CONNECT</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7617">RFC 7617: The 'Basic' HTTP Authentication Scheme</a>
 */
public final class HttpConnectHandshake implements ClientHandshake {
  private enum State {
    NEW,
    STATUS_LINE,
    HEADERS,
    DONE,
    FAILED
  }

  /** The largest response header accepted, status line included. */
  public static final int MAX_HEADER_BYTES = 8 * 1024;

  private static final byte[] END_OF_HEADER = {'\r', '\n', '\r', '\n'};
  private static final byte[] HTTP_PREFIX = {'H', 'T', 'T', 'P', '/'};
  private static final int MIN_RESPONSE_BYTES = "HTTP/1.1 200\r\n\r\n".length();
  private static final int KEPT_STATUS_LINE = 256;
  private static final int QUOTED_MAX = 64;
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3})(?: (.*))?");

  private final HopContext context;
  private final StringBuilder statusLine = new StringBuilder();
  private State state = State.NEW;
  private int received;
  private int matched;

  private HttpConnectHandshake(HopContext context) {
    this.context = context;
  }

  /** Asks the hop to open a tunnel to {@link HopContext#target()}. */
  public static HttpConnectHandshake connect(HopContext context) {
    return new HttpConnectHandshake(context);
  }

  @Override
  public ByteBuffer start() throws ChainException {
    if (state != State.NEW) {
      throw new IllegalStateException("already started: " + this);
    }
    state = State.FAILED;
    String authority = authority(context.target());
    StringBuilder request = new StringBuilder(128);
    request.append("CONNECT ").append(authority).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(authority).append("\r\n");
    if (context.hop().credentials().isPresent()) {
      request.append("Proxy-Authorization: Basic ").append(basic(context.hop().credentials().get())).append("\r\n");
    }
    request.append("\r\n");
    state = State.STATUS_LINE;
    return ByteBuffer.wrap(request.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code host:port} with IPv6 in brackets; a name must be plain ASCII without spaces or controls. */
  private String authority(InetSocketAddress target) throws ChainException {
    if (!target.isUnresolved()) {
      // The scope id (fe80::1%eth0) means nothing to the proxy and would need escaping.
      return Addresses.format(withoutScope(target.getAddress()), target.getPort());
    }
    String host = target.getHostString();
    if (host.isEmpty() || !host.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      // A CR LF in a name would otherwise inject headers into the request.
      throw new HopRefusedException(
          context, "host name cannot be sent in an HTTP request line", -1, DirectFailure.UNKNOWN_HOST);
    }
    return Addresses.format(host, target.getPort());
  }

  private String basic(Credentials credentials) throws ChainException {
    if (credentials.user().indexOf(':') >= 0) {
      throw new HopRefusedException(
          context, "user name containing ':' cannot be sent with HTTP Basic (RFC 7617)", -1, DirectFailure.REFUSED);
    }
    byte[] pair = (credentials.user() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8);
    return Base64.getEncoder().encodeToString(pair);
  }

  @Override
  public int bytesNeeded() {
    return switch (state) {
      case NEW, STATUS_LINE, HEADERS ->
          Math.max(END_OF_HEADER.length - matched, MIN_RESPONSE_BYTES - received);
      case DONE, FAILED -> 0;
    };
  }

  @Override
  public ByteBuffer receive(ByteBuffer in) throws ChainException {
    if (state != State.STATUS_LINE && state != State.HEADERS) {
      throw new IllegalStateException("receive() in state " + state + ": " + this);
    }
    try {
      while (in.hasRemaining() && state != State.DONE) {
        accept(in.get());
      }
    } catch (ChainException e) {
      state = State.FAILED;
      throw e;
    }
    return ByteBuffer.allocate(0);
  }

  private void accept(byte octet) throws ChainException {
    if (++received > MAX_HEADER_BYTES) {
      throw HopUnreachableException.protocol(
          context, "response header longer than " + MAX_HEADER_BYTES + " bytes");
    }
    matched = octet == END_OF_HEADER[matched] ? matched + 1 : octet == '\r' ? 1 : 0;
    if (state == State.STATUS_LINE) {
      acceptStatusLine(octet);
    } else if (matched == END_OF_HEADER.length) {
      state = State.DONE;
    }
  }

  private void acceptStatusLine(byte octet) throws ChainException {
    if (received <= HTTP_PREFIX.length && octet != HTTP_PREFIX[received - 1]) {
      // Checked as the octets arrive so a SOCKS server or garbage fails at once, not after 8 KiB or a timeout.
      statusLine.append((char) (octet & 0xff));
      throw HopUnreachableException.protocol(context, "not an HTTP response: " + quote(statusLine));
    }
    if (octet == '\n') {
      if (matched != 2) {
        // RFC 9112 lets a recipient accept a bare LF, but exact reads rest on counting CR LF CR LF, and proxies
        // send CR LF; failing here is clearer than waiting for a blank line that will never match.
        throw HopUnreachableException.protocol(context, "status line ends in a bare LF: " + quote(statusLine));
      }
      state = State.HEADERS;
      checkStatus();
    } else if (octet != '\r' && statusLine.length() < KEPT_STATUS_LINE) {
      statusLine.append((char) (octet & 0xff));
    }
  }

  private void checkStatus() throws ChainException {
    Matcher m = STATUS_LINE.matcher(statusLine);
    if (!m.matches()) {
      throw HopUnreachableException.protocol(context, "malformed status line " + quote(statusLine));
    }
    int status = Integer.parseInt(m.group(1));
    if (status / 100 == 2) {
      return;
    }
    String reason = m.group(2) == null ? "" : m.group(2).strip();
    String meaning = HttpStatus.meaning(status);
    if (meaning == null) {
      meaning = reason.isEmpty() ? "unexpected status" : quote(reason);
    } else if (!reason.isEmpty() && !reason.equalsIgnoreCase(meaning)) {
      meaning += ": " + quote(reason);
    }
    if (status == 401 || status == 407) {
      // 407 without credentials, and tinyproxy answers a wrong password with 401: either way the hop refused us
      throw HopRefusedException.authentication(context, meaning, status);
    }
    throw new HopRefusedException(context, meaning, status, HttpStatus.directFailure(status));
  }

  /** The text in quotes, non-printable characters as '?', cut at 64 characters: safe for logs. */
  private static String quote(CharSequence text) {
    return "\"" + printable(text) + "\"";
  }

  private static String printable(CharSequence text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < QUOTED_MAX; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return text.length() > QUOTED_MAX ? out.append("...").toString() : out.toString();
  }

  private static String withoutScope(InetAddress address) {
    try {
      return InetAddress.getByAddress(address.getAddress()).getHostAddress();
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 octets are always an address", e);
    }
  }

  @Override
  public boolean isDone() {
    return state == State.DONE;
  }

  /** HTTP CONNECT reports no bound address. */
  @Override
  public InetSocketAddress boundAddress() {
    return null;
  }

  @Override
  public String toString() {
    return "http CONNECT " + context + " [" + state + "]";
  }
}
