package dev.socksify.redirector.udp.firewall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.socksify.chain.rules.Cidr;
import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.FirewallPlan;
import dev.socksify.redirector.firewall.RuleScript;
import dev.socksify.redirector.firewall.RuleTemplate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The UDP templates in native-config/ are the ones in the jar, and render to exactly these rules. */
class TproxyRulesTest {
  private static final FirewallPlan PLAN = new FirewallPlan(12345, 0x534b,
      List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("2001:db8::/32")), List.of(4242), false, List.of(), true);

  @ParameterizedTest
  @ValueSource(strings = {"iptables/socksify-udp-v4.rules", "iptables/socksify-udp-v6.rules",
      "iptables/socksify-dns-v4.rules", "iptables/socksify-dns-v6.rules", "nftables/socksify-udp.nft",
      "nftables/socksify-dns.nft", "iproute2/socksify-udp.ip"})
  void theJarCarriesTheReviewableFileUnchanged(String path) throws Exception {
    byte[] inRepo = Files.readAllBytes(Path.of("..", "native-config", path));
    try (InputStream in = RuleTemplate.class.getResourceAsStream("/native-config/" + path)) {
      assertArrayEquals(inRepo, in.readAllBytes(), path);
    }
  }

  @Test
  void theRoutingMarkIsTheOwnMarkWithBit16Flipped() {
    assertEquals(0x1534b, TproxyRules.tproxyMark(0x534b));
    assertEquals(0x534b, TproxyRules.tproxyMark(0x1534b));
  }

  @Test
  void iptablesMarksThenTproxiesAndRoutesBothFamilies() {
    List<RuleScript> scripts = new TproxyRules(12346, 100, true).render(PLAN, Backend.IPTABLES, true);
    assertEquals(List.of("iptables-restore", "--noflush"), scripts.get(0).command());
    assertEquals("""
        *mangle
        :SOCKSIFY_UDP - [0:0]
        -A SOCKSIFY_UDP -m mark --mark 0x534b -j RETURN
        -A SOCKSIFY_UDP -m owner --uid-owner 4242 -j RETURN
        -A SOCKSIFY_UDP -d 127.0.0.0/8 -j RETURN
        -A SOCKSIFY_UDP -m addrtype --dst-type LOCAL -j RETURN
        -A SOCKSIFY_UDP -m addrtype --dst-type BROADCAST -j RETURN
        -A SOCKSIFY_UDP -m addrtype --dst-type MULTICAST -j RETURN
        -A SOCKSIFY_UDP -d 192.0.2.0/24 -j RETURN
        -A SOCKSIFY_UDP -p udp --dport 53 -j RETURN
        -A SOCKSIFY_UDP -p udp -j MARK --set-mark 0x1534b
        -A OUTPUT -p udp -j SOCKSIFY_UDP
        :SOCKSIFY_TPROXY - [0:0]
        -A SOCKSIFY_TPROXY -p udp -m mark --mark 0x1534b -j TPROXY --on-ip 127.0.0.1 --on-port 12346 --tproxy-mark 0x1534b
        -A PREROUTING -i lo -p udp -j SOCKSIFY_TPROXY
        COMMIT
        """, scripts.get(0).input());
    assertEquals(List.of("ip6tables-restore", "--noflush"), scripts.get(1).command());
    assertEquals("""
        *mangle
        :SOCKSIFY_UDP - [0:0]
        -A SOCKSIFY_UDP -m mark --mark 0x534b -j RETURN
        -A SOCKSIFY_UDP -m owner --uid-owner 4242 -j RETURN
        -A SOCKSIFY_UDP -d ::1/128 -j RETURN
        -A SOCKSIFY_UDP -m addrtype --dst-type LOCAL -j RETURN
        -A SOCKSIFY_UDP -d ff00::/8 -j RETURN
        -A SOCKSIFY_UDP -d fe80::/10 -j RETURN
        -A SOCKSIFY_UDP -d 2001:db8::/32 -j RETURN
        -A SOCKSIFY_UDP -p udp --dport 53 -j RETURN
        -A SOCKSIFY_UDP -p udp -j MARK --set-mark 0x1534b
        -A OUTPUT -p udp -j SOCKSIFY_UDP
        :SOCKSIFY_TPROXY - [0:0]
        -A SOCKSIFY_TPROXY -p udp -m mark --mark 0x1534b -j TPROXY --on-ip ::1 --on-port 12346 --tproxy-mark 0x1534b
        -A PREROUTING -i lo -p udp -j SOCKSIFY_TPROXY
        COMMIT
        """, scripts.get(1).input());
    String routing = """
        rule add fwmark 0x1534b lookup 100 protocol 115
        route add local default dev lo table 100 proto 115
        """;
    assertEquals(new RuleScript(List.of("ip", "-4", "-batch", "-"), routing), scripts.get(2));
    assertEquals(new RuleScript(List.of("ip", "-6", "-batch", "-"), routing), scripts.get(3));
    assertEquals(4, scripts.size());
  }

  @Test
  void nftablesInOneTableAndIpv4Only() {
    List<RuleScript> scripts = new TproxyRules(12346, 7, false).render(PLAN, Backend.NFTABLES, false);
    assertEquals(List.of("nft", "-f", "-"), scripts.get(0).command());
    assertEquals("""
        table inet socksify_udp {
          chain output {
            type route hook output priority mangle; policy accept;
            meta l4proto != udp return
            meta nfproto ipv6 return
            meta mark 0x534b return
            meta skuid 4242 return
            ip daddr 127.0.0.0/8 return
            ip6 daddr ::1 return
            fib daddr type { local, broadcast, multicast } return
            ip6 daddr { fe80::/10, ff00::/8 } return
            ip daddr 192.0.2.0/24 return
            ip6 daddr 2001:db8::/32 return
            meta mark set 0x1534b
          }
          chain prerouting {
            type filter hook prerouting priority mangle; policy accept;
            iifname != "lo" return
            meta l4proto udp meta mark 0x1534b meta nfproto ipv4 tproxy ip to 127.0.0.1:12346
          }
        }
        """, scripts.get(0).input());
    assertEquals(List.of("ip", "-4", "-batch", "-"), scripts.get(1).command());
    assertEquals(2, scripts.size());
  }

  @Test
  void outOfRangeSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TproxyRules(0, 100, false));
    assertThrows(IllegalArgumentException.class, () -> new TproxyRules(1, 253, false));
    assertThrows(IllegalArgumentException.class, () -> new TproxyRules(1, 0, false));
  }
}
