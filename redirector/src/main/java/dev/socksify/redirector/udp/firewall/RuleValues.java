package dev.socksify.redirector.udp.firewall;

import dev.socksify.redirector.firewall.FirewallPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values the UDP and DNS rule templates share with the TCP ones, taken from the same {@link FirewallPlan}, so
 * the redirector's own traffic, excluded users and excluded networks are recognised alike by every rule it installs.
 */
public final class RuleValues {
  private RuleValues() {}

  /**
   * {@code mark}, {@code exclude4}, {@code exclude6}, {@code exclude_uid}, {@code ipv6}, {@code ipv4_only}.
   *
   * @param ipv6 whether the IPv6 part is installed (the plan's, or less when a listener has no IPv6)
   */
  public static Map<String, Object> of(FirewallPlan plan, boolean ipv6) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("mark", plan.markHex());
    values.put("exclude4", plan.excludes().stream().filter(c -> c.isIpv4()).map(Object::toString).toList());
    values.put("exclude6", plan.excludes().stream().filter(c -> !c.isIpv4()).map(Object::toString).toList());
    values.put("exclude_uid", List.copyOf(plan.excludeUids()));
    values.put("ipv6", ipv6);
    values.put("ipv4_only", !ipv6);
    return values;
  }

  /** A mark as the rule tools print it. */
  public static String hex(int mark) {
    return "0x" + Integer.toHexString(mark);
  }
}
