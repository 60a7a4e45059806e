package dev.socksify.chain;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One proxy in a chain: its protocol, where it listens, optional credentials and its timeouts. Immutable;
 * {@link #toString()} is the form every log line and error uses ({@code socks5 10.0.0.5:1080}) and never
 * holds the password.
 */
public record Hop(ProxyType type, String host, int port, Optional<Credentials> credentials, Timeouts timeouts) {
  public Hop {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(timeouts, "timeouts");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1-65535: " + port);
    }
  }

  public Hop(ProxyType type, String host, int port) {
    this(type, host, port, Optional.empty(), Timeouts.DEFAULTS);
  }

  public Hop withCredentials(Credentials credentials) {
    return new Hop(type, host, port, Optional.of(credentials), timeouts);
  }

  public Hop withTimeouts(Timeouts timeouts) {
    return new Hop(type, host, port, credentials, timeouts);
  }

  /**
   * The hop's address as the previous hop must be asked for it: unresolved, so a remote-DNS hop before it can
   * resolve the name. IP literals come back resolved (no lookup happens for them).
   */
  public InetSocketAddress address() {
    return Addresses.parseLiteralOrUnresolved(host, port);
  }

  /** {@code host:port}, IPv6 in brackets. */
  public String endpoint() {
    return Addresses.format(host, port);
  }

  @Override
  public String toString() {
    return type.scheme() + " " + endpoint();
  }
}
