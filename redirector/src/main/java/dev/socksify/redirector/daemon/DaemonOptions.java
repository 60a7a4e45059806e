package dev.socksify.redirector.daemon;

import dev.socksify.chain.Chain;
import dev.socksify.chain.rules.Cidr;
import dev.socksify.redirector.firewall.Backend;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code run} needs besides the routing: where to listen, which rules to install, whom to become.
 * Built from the config's {@code [redirector]} section with command-line flags on top.
 *
 * @param backend iptables or nftables
 * @param port listen port on 127.0.0.1 and ::1 (0: any free port)
 * @param ipv6 whether to relay IPv6 too (then also when ::1 cannot be bound it falls back to IPv4 only)
 * @param excludes destinations never redirected, besides loopback, local addresses and the proxies
 * @param excludeUsers local users whose traffic is never redirected (a proxy running on this host)
 * @param gateway also redirect forwarded IPv4 clients (PREROUTING)
 * @param interfaces in gateway mode, the incoming interfaces; empty: all but loopback
 * @param runAs the user to drop to after start-up
 * @param mark the SO_MARK on the redirector's own connections
 * @param splice whether relaying may use splice(2)
 * @param maxFlows the most flows at once (0: no cap)
 * @param controlSocket where {@code status} asks
 * @param chains every chain flows can take; their hops' addresses are excluded from redirection
 */
public record DaemonOptions(
    Backend backend, int port, boolean ipv6, List<Cidr> excludes, List<String> excludeUsers, boolean gateway,
    List<String> interfaces, String runAs, int mark, boolean splice, int maxFlows, Path controlSocket,
    List<Chain> chains) {
  public DaemonOptions {
    Objects.requireNonNull(backend, "backend");
    excludes = List.copyOf(excludes);
    excludeUsers = List.copyOf(excludeUsers);
    interfaces = List.copyOf(interfaces);
    Objects.requireNonNull(runAs, "runAs");
    Objects.requireNonNull(controlSocket, "controlSocket");
    chains = List.copyOf(chains);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0-65535: " + port);
    }
  }
}
