package dev.socksify.redirector.udp.firewall;

import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.FirewallPlan;
import dev.socksify.redirector.firewall.RuleScript;
import dev.socksify.redirector.firewall.RuleTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The UDP redirect: mangle rules that mark this host's datagrams and TPROXY them to the transparent listener
 * ({@code native-config/iptables/socksify-udp-v*.rules} or {@code nftables/socksify-udp.nft}), and the policy
 * routing that loops marked datagrams back through lo ({@code native-config/iproute2/socksify-udp.ip}, see
 * {@link PolicyRouting}). The firewall part is removed with the TCP rules (its chains and table carry the same
 * prefix); the routing part by {@link PolicyRouting#removeAll}.
 *
 * @param udpPort the TPROXY listener's port on 127.0.0.1 and ::1
 * @param routeTable the routing table for marked datagrams
 * @param dnsListener whether the DNS listener takes port 53 (then UDP to port 53 is left to its nat rules)
 */
public record TproxyRules(int udpPort, int routeTable, boolean dnsListener) {
  /** Flipped in the own-traffic mark to give the routing mark: distinct from it, and derived, not configured. */
  public static final int TPROXY_MARK_BIT = 0x10000;

  public TproxyRules {
    if (udpPort < 1 || udpPort > 65535) {
      throw new IllegalArgumentException("UDP listen port out of range 1-65535: " + udpPort);
    }
    // 253-255 are the kernel's default, main and local tables; 0 is unspec
    if (routeTable < 1 || routeTable > 252) {
      throw new IllegalArgumentException("route table out of range 1-252: " + routeTable);
    }
  }

  /** The routing mark of redirected datagrams for an own-traffic mark. */
  public static int tproxyMark(int ownMark) {
    return ownMark ^ TPROXY_MARK_BIT;
  }

  /**
   * Firewall scripts first, then the routing (nothing is marked before the rules exist, so either order is safe).
   *
   * @param ipv6 whether IPv6 UDP is redirected (off when the plan or the IPv6 listener is)
   */
  public List<RuleScript> render(FirewallPlan plan, Backend backend, boolean ipv6) {
    Map<String, Object> values = RuleValues.of(plan, ipv6);
    values.put("udp_port", udpPort);
    values.put("tproxy_mark", RuleValues.hex(tproxyMark(plan.mark())));
    values.put("route_table", routeTable);
    values.put("dns", dnsListener);
    List<RuleScript> scripts = new ArrayList<>();
    if (backend == Backend.NFTABLES) {
      scripts.add(new RuleScript(List.of("nft", "-f", "-"),
          RuleTemplate.load("nftables/socksify-udp.nft").render(values)));
    } else {
      scripts.add(new RuleScript(List.of("iptables-restore", "--noflush"),
          RuleTemplate.load("iptables/socksify-udp-v4.rules").render(values)));
      if (ipv6) {
        scripts.add(new RuleScript(List.of("ip6tables-restore", "--noflush"),
            RuleTemplate.load("iptables/socksify-udp-v6.rules").render(values)));
      }
    }
    String routing = RuleTemplate.load("iproute2/socksify-udp.ip").render(values);
    scripts.add(new RuleScript(List.of("ip", "-4", "-batch", "-"), routing));
    if (ipv6) {
      scripts.add(new RuleScript(List.of("ip", "-6", "-batch", "-"), routing));
    }
    return scripts;
  }

}
