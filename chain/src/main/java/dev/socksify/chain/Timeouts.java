package dev.socksify.chain;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a hop may take: to accept the TCP connection, and to answer each handshake read. The defaults are
 * proxychains-ng's ({@code tcp_connect_time_out 8000}, {@code tcp_read_time_out 15000}) so a converted
 * proxychains.conf behaves the same.
 */
public record Timeouts(Duration connect, Duration read) {
  public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(8);
  public static final Duration DEFAULT_READ = Duration.ofSeconds(15);
  public static final Timeouts DEFAULTS = new Timeouts(DEFAULT_CONNECT, DEFAULT_READ);

  public Timeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(read, "read");
    if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive: connect " + connect + ", read " + read);
    }
  }

  public Timeouts withConnect(Duration connect) {
    return new Timeouts(connect, read);
  }

  public Timeouts withRead(Duration read) {
    return new Timeouts(connect, read);
  }
}
