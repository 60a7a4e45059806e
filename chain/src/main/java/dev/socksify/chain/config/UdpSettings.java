package dev.socksify.chain.config;

import java.time.Duration;
import java.util.Objects;

/**
 * UDP through SOCKS5 UDP ASSOCIATE ({@code [udp]}).
 *
 * @param enabled whether UDP is relayed through the chain at all (off: datagrams follow the rules' direct and
 *     block decisions, and chain decisions are refused)
 * @param idleTimeout how long an association without traffic is kept
 */
public record UdpSettings(boolean enabled, Duration idleTimeout) {
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final UdpSettings DEFAULTS = new UdpSettings(true, DEFAULT_IDLE_TIMEOUT);

  public UdpSettings {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
  }
}
