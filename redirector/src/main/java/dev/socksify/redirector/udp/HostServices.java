package dev.socksify.redirector.udp;

import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.redirector.daemon.DaemonExtension;
import dev.socksify.redirector.daemon.DaemonOptions;
import dev.socksify.redirector.firewall.CommandRunner;
import dev.socksify.redirector.firewall.FirewallException;
import dev.socksify.redirector.udp.firewall.PolicyRouting;
import java.util.List;

/**
 * The daemon's parts besides the TCP relay, built once from the config for {@code run} (which runs them) and
 * {@code rules} (which prints their rules): the UDP relay, always (datagrams follow the same rules as TCP, so none
 * leaves past the chain).
 */
public final class HostServices {
  private final List<DaemonExtension> extensions;

  private HostServices(List<DaemonExtension> extensions) {
    this.extensions = List.copyOf(extensions);
  }

  /**
   * @param config the config, or null for the defaults (enough to print the rules, not to run)
   * @param options the daemon's resolved options (mark, IPv6)
   */
  public static HostServices of(SocksifyConfig config, DaemonOptions options) {
    UdpRelayService udp = new UdpRelayService(UdpRelayService.settings(config, options.mark(), options.ipv6(),
        false, null));
    return new HostServices(List.of(udp));
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
