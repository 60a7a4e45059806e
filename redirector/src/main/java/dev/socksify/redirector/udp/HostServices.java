package dev.socksify.redirector.udp;

import dev.socksify.chain.config.DnsMode;
import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.redirector.daemon.DaemonExtension;
import dev.socksify.redirector.daemon.DaemonOptions;
import dev.socksify.redirector.dns.DnsServer;
import dev.socksify.redirector.dns.FakeIpFlowPolicy;
import dev.socksify.redirector.firewall.CommandRunner;
import dev.socksify.redirector.firewall.FirewallException;
import dev.socksify.redirector.relay.FlowPolicy;
import dev.socksify.redirector.relay.UpstreamChannels;
import dev.socksify.redirector.udp.firewall.PolicyRouting;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's parts besides the TCP relay, built once from the config for {@code run} (which runs them) and
 * {@code rules} (which prints their rules): the DNS listener unless {@code [dns] mode local}, and the UDP relay,
 * always (datagrams follow the same rules as TCP, so none leaves past the chain). In fake-ip mode they share one
 * fake address pool with the TCP relay's policy ({@link #tcpPolicy}).
 */
public final class HostServices {
  private final List<DaemonExtension> extensions;
  private final FakeAddressPool fakes;
  private final SocksifyConfig config;

  private HostServices(List<DaemonExtension> extensions, FakeAddressPool fakes, SocksifyConfig config) {
    this.extensions = List.copyOf(extensions);
    this.fakes = fakes;
    this.config = config;
  }

  /**
   * @param config the config, or null for the defaults (enough to print the rules, not to run)
   * @param options the daemon's resolved options (mark, IPv6)
   */
  public static HostServices of(SocksifyConfig config, DaemonOptions options) {
    DnsMode mode = config == null ? DnsMode.LOCAL : config.dns().mode();
    FakeAddressPool fakes = mode == DnsMode.FAKE_IP ? FakeAddressPool.forSubnet(config.dns().fakeSubnet()) : null;
    List<DaemonExtension> parts = new ArrayList<>();
    boolean dns = mode != DnsMode.LOCAL;
    if (dns) {
      parts.add(new DnsServer(config, options.mark(), options.ipv6(), fakes));
    }
    parts.add(new UdpRelayService(UdpRelayService.settings(config, options.mark(), options.ipv6(), dns, fakes)));
    return new HostServices(parts, fakes, config);
  }

  /**
   * The TCP relay's policy: with fake-ip DNS, flows to a fake address go to the chain by the name behind it;
   * otherwise {@code others} as it is.
   */
  public FlowPolicy tcpPolicy(FlowPolicy others, UpstreamChannels channels, EventLoopGroup workers) {
    return fakes == null ? others : new FakeIpFlowPolicy(fakes, config, others, channels, workers);
  }

  /** In the order the daemon binds, installs and opens them. */
  public List<DaemonExtension> extensions() {
    return extensions;
  }

  /** What {@code rules --remove} removes besides the firewall backends' rules: the policy routing, one line each. */
  public static List<String> removeLeftovers(CommandRunner runner) throws FirewallException {
    PolicyRouting routing = new PolicyRouting(runner);
    List<String> found = routing.installed();
    routing.removeAll();
    return found;
  }
}
