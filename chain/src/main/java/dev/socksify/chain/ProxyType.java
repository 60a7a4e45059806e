package dev.socksify.chain;

import dev.socksify.chain.protocol.ClientHandshake;
import dev.socksify.chain.protocol.http.HttpConnectHandshake;
import dev.socksify.chain.protocol.socks4.Socks4Handshake;
import dev.socksify.chain.protocol.socks5.Socks5Handshake;

/**
 * The proxy schemes a hop can speak, as written in proxy URLs. Each knows whether it carries host names to
 * the proxy (remote DNS) and how to open its CONNECT handshake; there is no switch over protocols elsewhere.
 */
public enum ProxyType {
  /** SOCKS4: IPv4 only, names are resolved locally. */
  SOCKS4("socks4", false, 1080, false) {
    @Override
    public ClientHandshake connect(HopContext context) {
      return Socks4Handshake.connect(context, false);
    }
  },
  /** SOCKS4a: names are sent to the proxy. */
  SOCKS4A("socks4a", true, 1080, false) {
    @Override
    public ClientHandshake connect(HopContext context) {
      return Socks4Handshake.connect(context, true);
    }
  },
  /** SOCKS5 (RFC 1928) with names resolved locally, as curl's {@code socks5://}. */
  SOCKS5("socks5", false, 1080, true) {
    @Override
    public ClientHandshake connect(HopContext context) {
      return Socks5Handshake.connect(context);
    }
  },
  /** SOCKS5 with names sent to the proxy (ATYP DOMAIN), as curl's {@code socks5h://}. */
  SOCKS5H("socks5h", true, 1080, true) {
    @Override
    public ClientHandshake connect(HopContext context) {
      return Socks5Handshake.connect(context);
    }
  },
  /** HTTP CONNECT tunnel; the request line always carries the name. */
  HTTP("http", true, 8080, false) {
    @Override
    public ClientHandshake connect(HopContext context) {
      return HttpConnectHandshake.connect(context);
    }
  };

  private final String scheme;
  private final boolean remoteDns;
  private final int defaultPort;
  private final boolean hexReplyCodes;

  ProxyType(String scheme, boolean remoteDns, int defaultPort, boolean hexReplyCodes) {
    this.scheme = scheme;
    this.remoteDns = remoteDns;
    this.defaultPort = defaultPort;
    this.hexReplyCodes = hexReplyCodes;
  }

  /**
   * A reply code as this protocol's documents write it: RFC 1928 gives SOCKS5's in hex ({@code 0x05}), the
   * SOCKS4 paper and HTTP in decimal ({@code 91}, {@code 407}).
   */
  public String formatReplyCode(int code) {
    return hexReplyCodes ? String.format("0x%02x", code) : Integer.toString(code);
  }

  /** The URL scheme, e.g. {@code socks5h}. */
  public String scheme() {
    return scheme;
  }

  /** Whether a host name is handed to the proxy unresolved (otherwise the client resolves it first). */
  public boolean remoteDns() {
    return remoteDns;
  }

  /** The port a URL without one means. */
  public int defaultPort() {
    return defaultPort;
  }

  /** Opens the handshake that asks this hop to connect to {@link HopContext#target()}. */
  public abstract ClientHandshake connect(HopContext context);

  /** The type for a URL scheme (case-insensitive), or {@code null} if none has it. */
  public static ProxyType ofScheme(String scheme) {
    for (ProxyType type : values()) {
      if (type.scheme.equalsIgnoreCase(scheme)) {
        return type;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return scheme;
  }

}
