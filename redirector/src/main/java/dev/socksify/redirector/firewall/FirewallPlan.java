package dev.socksify.redirector.firewall;

import dev.socksify.chain.rules.Cidr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the rule templates are rendered with: where the listener is, how the redirector's own traffic is
 * recognised, and what is never redirected.
 *
 * @param port the listener's port on 127.0.0.1 and ::1
 * @param mark the SO_MARK on the redirector's own upstream sockets (its traffic is never redirected)
 * @param excludes blocks never redirected: the chain's proxies and the configured excludes
 * @param excludeUids local users whose traffic goes out directly (a proxy running on this host)
 * @param gateway whether forwarded IPv4 clients are redirected too, not only this host's own connections
 * @param interfaces in gateway mode, the incoming interfaces that count; empty: every one but loopback
 * @param ipv6 whether IPv6 rules are installed (false on hosts without IPv6)
 */
public record FirewallPlan(
    int port, int mark, List<Cidr> excludes, List<Integer> excludeUids, boolean gateway, List<String> interfaces,
    boolean ipv6) {
  /** Linux interface names: at most 15 bytes, no blanks or quotes (they end up inside rule scripts). */
  private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:@+-]{1,15}");

  public FirewallPlan {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("listen port out of range 1-65535: " + port);
    }
    if (mark == 0) {
      throw new IllegalArgumentException("the own-traffic mark must not be 0 (0 is every unmarked packet)");
    }
    excludes = List.copyOf(excludes);
    excludeUids = List.copyOf(excludeUids);
    interfaces = List.copyOf(interfaces);
    for (String name : interfaces) {
      if (!INTERFACE.matcher(Objects.requireNonNull(name)).matches()) {
        throw new IllegalArgumentException("not an interface name: '" + name + "'");
      }
    }
    for (int uid : excludeUids) {
      if (uid < 0) {
        throw new IllegalArgumentException("negative uid: " + uid);
      }
    }
  }

  /** The mark as the rule tools print it. */
  public String markHex() {
    return "0x" + Integer.toHexString(mark);
  }

  /** The template values (names as in native-config/*). */
  Map<String, Object> templateValues() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("port", port);
    values.put("mark", markHex());
    values.put("exclude4", excludes.stream().filter(Cidr::isIpv4).map(Cidr::toString).toList());
    values.put("exclude6", excludes.stream().filter(c -> !c.isIpv4()).map(Cidr::toString).toList());
    values.put("exclude_uid", excludeUids);
    values.put("gateway", gateway);
    values.put("gateway_interface", gateway ? interfaces : List.of());
    values.put("gateway_all", gateway && interfaces.isEmpty());
    values.put("ipv4_only", !ipv6);
    return values;
  }
}
