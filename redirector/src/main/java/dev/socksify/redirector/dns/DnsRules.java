package dev.socksify.redirector.dns;

import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.FirewallPlan;
import dev.socksify.redirector.firewall.RuleScript;
import dev.socksify.redirector.firewall.RuleTemplate;
import dev.socksify.redirector.udp.firewall.RuleValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nat rules that send this host's DNS (port 53, UDP and TCP, to any resolver not on this host) to the DNS
 * listener: {@code native-config/iptables/socksify-dns-v*.rules} or {@code nftables/socksify-dns.nft}. Their chains
 * and table carry the same prefix as the TCP rules, so they are removed with them.
 *
 * @param port the DNS listener's port on 127.0.0.1 and ::1
 */
record DnsRules(int port) {
  DnsRules {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("DNS listen port out of range 1-65535: " + port);
    }
  }

  /** @param ipv6 whether IPv6 queries are redirected too (the listener has ::1) */
  List<RuleScript> render(FirewallPlan plan, Backend backend, boolean ipv6) {
    Map<String, Object> values = RuleValues.of(plan, ipv6);
    values.put("dns_port", port);
    List<RuleScript> scripts = new ArrayList<>();
    if (backend == Backend.NFTABLES) {
      scripts.add(new RuleScript(List.of("nft", "-f", "-"),
          RuleTemplate.load("nftables/socksify-dns.nft").render(values)));
      return scripts;
    }
    scripts.add(new RuleScript(List.of("iptables-restore", "--noflush"),
        RuleTemplate.load("iptables/socksify-dns-v4.rules").render(values)));
    if (ipv6) {
      scripts.add(new RuleScript(List.of("ip6tables-restore", "--noflush"),
          RuleTemplate.load("iptables/socksify-dns-v6.rules").render(values)));
    }
    return scripts;
  }
}
