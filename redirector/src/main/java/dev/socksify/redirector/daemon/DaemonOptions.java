package dev.socksify.redirector.daemon;

import dev.socksify.chain.Chain;
import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.Cidr;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code run} needs besides the routing: where to listen, which rules to install, whom to become.
 *
 * @param backend iptables or nftables
 * @param port listen port on 127.0.0.1 and ::1 (0: any free port)
 * @param excludes destinations never redirected, besides loopback, local addresses and the proxies
 * @param excludeUsers local users whose traffic is never redirected (a proxy running on this host)
 * @param gatewayInterfaces interfaces whose forwarded IPv4 clients are redirected too
 * @param runAs the user to drop to after start-up
 * @param mark the SO_MARK on the redirector's own connections
 * @param splice whether relaying may use splice(2)
 * @param chains every chain flows can take; their hops' addresses are excluded from redirection
 */
public record DaemonOptions(
    Backend backend, int port, List<Cidr> excludes, List<String> excludeUsers, List<String> gatewayInterfaces,
    String runAs, int mark, boolean splice, List<Chain> chains) {
  /** The listen port when none is configured. */
  public static final int DEFAULT_PORT = 12380;
  /** The own-traffic mark when none is configured; bits 0 and 1 stay free for TPROXY routing marks. */
  public static final int DEFAULT_MARK = 0x5350;
  public static final String DEFAULT_USER = "nobody";

  public DaemonOptions {
    Objects.requireNonNull(backend, "backend");
    excludes = List.copyOf(excludes);
    excludeUsers = List.copyOf(excludeUsers);
    gatewayInterfaces = List.copyOf(gatewayInterfaces);
    Objects.requireNonNull(runAs, "runAs");
    chains = List.copyOf(chains);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0-65535: " + port);
    }
  }
}
