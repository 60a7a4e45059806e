package dev.socksify.redirector.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.socksify.chain.rules.Cidr;
import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.FirewallPlan;
import dev.socksify.redirector.firewall.RuleScript;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DNS nat rules render to exactly these, with either backend. */
class DnsRulesTest {
  private static final FirewallPlan PLAN = new FirewallPlan(12345, 0x534b, List.of(Cidr.parse("192.0.2.0/24")),
      List.of(4242), false, List.of(), true);

  @Test
  void iptablesRedirectsPort53OfOtherHostsAheadOfTheTcpRedirect() {
    List<RuleScript> scripts = new DnsRules(1053).render(PLAN, Backend.IPTABLES, true);
    assertEquals(2, scripts.size());
    assertEquals(List.of("iptables-restore", "--noflush"), scripts.get(0).command());
    assertEquals("""
        *nat
        :SOCKSIFY_DNS - [0:0]
        -A SOCKSIFY_DNS -m mark --mark 0x534b -j RETURN
        -A SOCKSIFY_DNS -m owner --uid-owner 4242 -j RETURN
        -A SOCKSIFY_DNS -d 127.0.0.0/8 -j RETURN
        -A SOCKSIFY_DNS -m addrtype --dst-type LOCAL -j RETURN
        -A SOCKSIFY_DNS -p udp -j REDIRECT --to-ports 1053
        -A SOCKSIFY_DNS -p tcp -j REDIRECT --to-ports 1053
        -I OUTPUT 1 -p udp --dport 53 -j SOCKSIFY_DNS
        -I OUTPUT 1 -p tcp --dport 53 -j SOCKSIFY_DNS
        COMMIT
        """, scripts.get(0).input());
    assertEquals(List.of("ip6tables-restore", "--noflush"), scripts.get(1).command());
    assertEquals("""
        *nat
        :SOCKSIFY_DNS - [0:0]
        -A SOCKSIFY_DNS -m mark --mark 0x534b -j RETURN
        -A SOCKSIFY_DNS -m owner --uid-owner 4242 -j RETURN
        -A SOCKSIFY_DNS -d ::1/128 -j RETURN
        -A SOCKSIFY_DNS -m addrtype --dst-type LOCAL -j RETURN
        -A SOCKSIFY_DNS -p udp -j REDIRECT --to-ports 1053
        -A SOCKSIFY_DNS -p tcp -j REDIRECT --to-ports 1053
        -I OUTPUT 1 -p udp --dport 53 -j SOCKSIFY_DNS
        -I OUTPUT 1 -p tcp --dport 53 -j SOCKSIFY_DNS
        COMMIT
        """, scripts.get(1).input());
  }

  @Test
  void nftablesRunsBeforeTheTcpRedirectAndCanBeIpv4Only() {
    List<RuleScript> scripts = new DnsRules(1053).render(PLAN, Backend.NFTABLES, false);
    assertEquals(1, scripts.size());
    assertEquals("""
        table inet socksify_dns {
          chain output {
            type nat hook output priority -110; policy accept;
            meta l4proto != { udp, tcp } return
            th dport != 53 return
            meta nfproto ipv6 return
            meta mark 0x534b return
            meta skuid 4242 return
            ip daddr 127.0.0.0/8 return
            ip6 daddr ::1 return
            fib daddr type local return
            redirect to :1053
          }
        }
        """, scripts.get(0).input());
  }
}
