package dev.socksify.chain.udp;

import dev.socksify.chain.Hop;
import java.net.SocketException;

/**
 * A hop of the chain cannot carry UDP: its protocol has no UDP (HTTP CONNECT, SOCKS4/4a), or the proxy
 * refused UDP ASSOCIATE as unsupported (microsocks answers 0x07; {@code ssh -D} and an ss-local without
 * {@code -u} close the connection). Callers with a fallback (a rule's {@code direct}, another chain) catch this
 * type; other failures to set up an association stay {@link dev.socksify.chain.ChainException}s.
 *
 * <p>Messages name the hop and why, e.g. {@code hop 1 http 127.0.0.1:8080: HTTP CONNECT cannot carry UDP} or
 * {@code hop 2 socks5 127.0.0.1:1080 -> udp associate: command not supported (0x07)}.
 */
public final class UdpUnsupportedException extends SocketException {
  private final int index;
  private final transient Hop hop;

  private UdpUnsupportedException(int index, Hop hop, String message, Throwable cause) {
    super(message);
    this.index = index;
    this.hop = hop;
    initCause(cause);
  }

  /** The hop's protocol has no UDP at all; no connection was made. */
  public static UdpUnsupportedException protocol(int index, Hop hop, String why) {
    return new UdpUnsupportedException(index, hop, "hop " + index + " " + hop + ": " + why, null);
  }

  /** The proxy answered UDP ASSOCIATE with {@code answer} (a refusal, or closing the connection). */
  public static UdpUnsupportedException refused(int index, Hop hop, String answer, Throwable cause) {
    return new UdpUnsupportedException(index, hop, "hop " + index + " " + hop + " -> udp associate: " + answer, cause);
  }

  /** The 1-based position of the hop in the chain. */
  public int index() {
    return index;
  }

  /** The hop that cannot carry UDP. */
  public Hop hop() {
    return hop;
  }
}
