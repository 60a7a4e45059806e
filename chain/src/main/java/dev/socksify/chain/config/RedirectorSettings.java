package dev.socksify.chain.config;

import dev.socksify.chain.rules.Cidr;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The redirector's settings ({@code [redirector]}).
 *
 * @param port the TCP listener's port (REDIRECT target; bound on loopback unless {@code gateway})
 * @param udpPort the TPROXY UDP listener's port
 * @param backend iptables or nftables
 * @param exclude destinations never redirected, in addition to loopback and the proxies' own addresses
 * @param user the unprivileged user the daemon drops to after installing rules and binding
 * @param gateway also redirect traffic routed through this host (PREROUTING), not only its own (OUTPUT)
 * @param interfaces for gateway mode: the incoming interfaces to redirect; empty means all but loopback
 * @param ipv6 also install ip6tables / inet rules
 * @param mark the SO_MARK the daemon's own sockets carry so its rules skip them
 * @param routeTable the policy routing table TPROXY's {@code ip rule} / {@code ip route} use
 * @param controlSocket the Unix socket {@code status} talks to
 * @param maxFlows the most relayed flows at once (0: no limit) before new ones are reset
 */
public record RedirectorSettings(int port, int udpPort, FirewallBackend backend, List<Cidr> exclude, String user,
    boolean gateway, List<String> interfaces, boolean ipv6, int mark, int routeTable, Path controlSocket,
    int maxFlows) {
  public static final int DEFAULT_PORT = 12345;
  public static final int DEFAULT_MARK = 0x534b;
  public static final int DEFAULT_ROUTE_TABLE = 100;
  public static final String DEFAULT_USER = "nobody";
  public static final Path DEFAULT_CONTROL_SOCKET = Path.of("/run/socksify/control.sock");
  public static final RedirectorSettings DEFAULTS = new RedirectorSettings(DEFAULT_PORT, DEFAULT_PORT,
      FirewallBackend.IPTABLES, List.of(), DEFAULT_USER, false, List.of(), true, DEFAULT_MARK, DEFAULT_ROUTE_TABLE,
      DEFAULT_CONTROL_SOCKET, 0);

  public RedirectorSettings {
    Objects.requireNonNull(backend, "backend");
    exclude = List.copyOf(exclude);
    Objects.requireNonNull(user, "user");
    interfaces = List.copyOf(interfaces);
    Objects.requireNonNull(controlSocket, "controlSocket");
  }
}
