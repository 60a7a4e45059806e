package dev.socksify.redirector.udp;

import dev.socksify.chain.Chain;
import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.chain.netty.NettyChainConnector;
import dev.socksify.chain.udp.netty.NettyUdpAssociator;
import dev.socksify.redirector.Log;
import dev.socksify.redirector.daemon.DaemonExtension;
import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.CommandRunner;
import dev.socksify.redirector.firewall.FirewallException;
import dev.socksify.redirector.firewall.FirewallPlan;
import dev.socksify.redirector.firewall.RuleScript;
import dev.socksify.redirector.privilege.Capability;
import dev.socksify.redirector.udp.firewall.PolicyRouting;
import dev.socksify.redirector.udp.firewall.TproxyRules;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * This host's UDP through the chain: TPROXY rules and their policy routing, the transparent listener on
 * 127.0.0.1 and ::1, and the flows. Part of the daemon's life as a {@link DaemonExtension}.
 */
public final class UdpRelayService implements DaemonExtension {
  private final Settings settings;
  private final UdpCounters counters = new UdpCounters();
  private TransparentListener listener;
  private volatile UdpRelay relay;

  /**
   * What the UDP relay needs besides the event loops.
   *
   * @param port the TPROXY listener's port (0: any free one)
   * @param ipv6 whether to take IPv6 too (falls back to IPv4 when ::1 cannot be bound)
   * @param routeTable the policy routing table for redirected datagrams
   * @param mark the own-traffic mark its sockets carry
   * @param dnsListener whether the DNS listener takes port 53 (its nat rules then catch UDP to port 53)
   * @param chains every chain by name
   * @param routes the rules, and the fake-IP pool (null unless DNS is fake-ip)
   * @param idle how long a flow without datagrams lives
   */
  public record Settings(int port, boolean ipv6, int routeTable, int mark, boolean dnsListener,
      Map<String, Chain> chains, UdpRoutesSource routes, Duration idle) {
    public Settings {
      chains = Map.copyOf(chains);
      Objects.requireNonNull(routes, "routes");
      Objects.requireNonNull(idle, "idle");
    }
  }

  /** The rules side of the settings, kept apart so tests and the CLI build it the same way. */
  public record UdpRoutesSource(SocksifyConfig config, FakeAddressPool fakes) {}

  public UdpRelayService(Settings settings) {
    this.settings = settings;
  }

  /** The relay's settings from a config (its [redirector], [udp] and rules) and the daemon's mark and IPv6 flag. */
  public static Settings settings(SocksifyConfig config, int mark, boolean ipv6, boolean dnsListener,
      FakeAddressPool fakes) {
    return new Settings(config.redirector().udpPort(), ipv6, config.redirector().routeTable(), mark, dnsListener,
        config.chains(), new UdpRoutesSource(config, fakes), config.udp().idleTimeout());
  }

  @Override
  public String name() {
    return "UDP relay";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.NET_BIND_SERVICE);
  }

  @Override
  public void bind(EventLoopGroup boss, EventLoopGroup workers) throws Exception {
    MarkedSockets sockets = new MarkedSockets(settings.mark());
    NettyUdpAssociator associator = new NettyUdpAssociator(new NettyChainConnector(
        new Bootstrap().group(workers).channelFactory(sockets::tcp)));
    SocksifyConfig config = settings.routes().config();
    UdpRoutes routes = new UdpRoutes(config.rules(), settings.chains(), config.udp().enabled(),
        settings.routes().fakes());
    // the listener reads nothing before open(), by when the relay below exists
    Arrivals arrivals = (client, original, payload) -> relay.arrived(client, original, payload);
    try {
      listener = TransparentListener.bind(boss, settings.port(), settings.ipv6(), arrivals);
    } catch (Exception e) {
      if (!settings.ipv6()) {
        throw e;
      }
      Log.warn("cannot take IPv6 UDP (" + e.getMessage() + "): relaying IPv4 UDP only");
      listener = TransparentListener.bind(boss, settings.port(), false, arrivals);
    }
    relay = new UdpRelay(routes, workers, sockets, associator, settings.idle(), counters, List.of(listener.port()));
  }

  @Override
  public List<RuleScript> render(FirewallPlan plan, Backend backend) {
    int port = listener != null ? listener.port() : settings.port();
    boolean v6 = plan.ipv6() && (listener != null ? listener.ipv6() : settings.ipv6());
    return new TproxyRules(port, settings.routeTable(), settings.dnsListener()).render(plan, backend, v6);
  }

  @Override
  public void install(FirewallPlan plan, Backend backend, CommandRunner runner) throws FirewallException {
    for (RuleScript script : render(plan, backend)) {
      runner.check(script.command(), script.input());
    }
  }

  @Override
  public List<String> leftovers(CommandRunner runner) throws FirewallException {
    return new PolicyRouting(runner).installed();
  }

  @Override
  public void removeRules(CommandRunner runner) throws FirewallException {
    new PolicyRouting(runner).removeAll();
  }

  @Override
  public void open() {
    listener.open();
  }

  @Override
  public String describe() {
    return "UDP on " + listener.addresses();
  }

  /** What the relay did so far. */
  public UdpCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close();
    }
    if (relay != null) {
      relay.close();
      Log.info("UDP relay: " + counters);
    }
  }
}
