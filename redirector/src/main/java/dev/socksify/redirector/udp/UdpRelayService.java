package dev.socksify.redirector.udp;

import dev.socksify.chain.config.RedirectorSettings;
import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.config.UdpSettings;
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
   * @param idle how long a flow without datagrams lives
   * @param config chains, rules and [udp]; null only to print the rules ({@code rules} without a config)
   * @param fakes the fake-IP pool, or null unless DNS is fake-ip
   */
  public record Settings(int port, boolean ipv6, int routeTable, int mark, boolean dnsListener, Duration idle,
      SocksifyConfig config, FakeAddressPool fakes) {
    public Settings {
      Objects.requireNonNull(idle, "idle");
    }
  }

  public UdpRelayService(Settings settings) {
    this.settings = settings;
  }

  /**
   * The relay's settings from a config (its [redirector], [udp] and rules; null: the defaults, for printing rules)
   * and the daemon's mark and IPv6 flag.
   */
  public static Settings settings(SocksifyConfig config, int mark, boolean ipv6, boolean dnsListener,
      FakeAddressPool fakes) {
    RedirectorSettings r = config == null ? RedirectorSettings.DEFAULTS : config.redirector();
    UdpSettings u = config == null ? UdpSettings.DEFAULTS : config.udp();
    return new Settings(r.udpPort(), ipv6, r.routeTable(), mark, dnsListener, u.idleTimeout(), config, fakes);
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
    SocksifyConfig config = Objects.requireNonNull(settings.config(), "the UDP relay runs with a config");
    UdpRoutes routes = new UdpRoutes(config.rules(), config.chains(), config.udp().enabled(), settings.fakes());
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

  @Override
  public String status() {
    return describe() + "; " + counters;
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
