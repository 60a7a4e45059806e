package dev.socksify.redirector.firewall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.socksify.chain.rules.Cidr;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The templates in native-config/ are the ones in the jar, and render to exactly these rules. */
class BundledTemplatesTest {
  private static final FirewallPlan FULL = new FirewallPlan(12345, 0x534b,
      List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("10.0.0.5"), Cidr.parse("2001:db8::/32")), List.of(4242),
      true, List.of("eth1", "wlan0"), true);

  @ParameterizedTest
  @ValueSource(strings = {"iptables/socksify-v4.rules", "iptables/socksify-v6.rules", "nftables/socksify.nft"})
  void theJarCarriesTheReviewableFileUnchanged(String path) throws Exception {
    byte[] inRepo = Files.readAllBytes(Path.of("..", "native-config", path));
    try (InputStream in = RuleTemplate.class.getResourceAsStream("/native-config/" + path)) {
      assertArrayEquals(inRepo, in.readAllBytes(), path);
    }
  }

  @Test
  void iptablesRendersEveryPart() {
    List<RuleScript> scripts = new IptablesBackend(new CommandRunner()).render(FULL);
    assertEquals(List.of("iptables-restore", "--noflush"), scripts.get(0).command());
    assertEquals("""
        *nat
        :SOCKSIFY - [0:0]
        -A SOCKSIFY -m mark --mark 0x534b -j RETURN
        -A SOCKSIFY -m owner --uid-owner 4242 -j RETURN
        -A SOCKSIFY -d 127.0.0.0/8 -j RETURN
        -A SOCKSIFY -m addrtype --dst-type LOCAL -j RETURN
        -A SOCKSIFY -d 192.0.2.0/24 -j RETURN
        -A SOCKSIFY -d 10.0.0.5/32 -j RETURN
        -A SOCKSIFY -p tcp -j REDIRECT --to-ports 12345
        -A OUTPUT -p tcp -j SOCKSIFY
        :SOCKSIFY_GW - [0:0]
        -A SOCKSIFY_GW -m addrtype --dst-type LOCAL -j RETURN
        -A SOCKSIFY_GW -d 192.0.2.0/24 -j RETURN
        -A SOCKSIFY_GW -d 10.0.0.5/32 -j RETURN
        -A SOCKSIFY_GW -p tcp -j DNAT --to-destination 127.0.0.1:12345
        -A PREROUTING -i eth1 -p tcp -j SOCKSIFY_GW
        -A PREROUTING -i wlan0 -p tcp -j SOCKSIFY_GW
        COMMIT
        """, scripts.get(0).input());
    assertEquals(List.of("ip6tables-restore", "--noflush"), scripts.get(1).command());
    assertEquals("""
        *nat
        :SOCKSIFY - [0:0]
        -A SOCKSIFY -m mark --mark 0x534b -j RETURN
        -A SOCKSIFY -m owner --uid-owner 4242 -j RETURN
        -A SOCKSIFY -d ::1/128 -j RETURN
        -A SOCKSIFY -m addrtype --dst-type LOCAL -j RETURN
        -A SOCKSIFY -d 2001:db8::/32 -j RETURN
        -A SOCKSIFY -p tcp -j REDIRECT --to-ports 12345
        -A OUTPUT -p tcp -j SOCKSIFY
        COMMIT
        """, scripts.get(1).input());
  }

  @Test
  void iptablesGatewayForAllInterfacesAndNoIpv6() {
    FirewallPlan plan = new FirewallPlan(1, 2, List.of(), List.of(), true, List.of(), false);
    List<RuleScript> scripts = new IptablesBackend(new CommandRunner()).render(plan);
    assertEquals(1, scripts.size());
    assertEquals("""
        *nat
        :SOCKSIFY - [0:0]
        -A SOCKSIFY -m mark --mark 0x2 -j RETURN
        -A SOCKSIFY -d 127.0.0.0/8 -j RETURN
        -A SOCKSIFY -m addrtype --dst-type LOCAL -j RETURN
        -A SOCKSIFY -p tcp -j REDIRECT --to-ports 1
        -A OUTPUT -p tcp -j SOCKSIFY
        :SOCKSIFY_GW - [0:0]
        -A SOCKSIFY_GW -m addrtype --dst-type LOCAL -j RETURN
        -A SOCKSIFY_GW -p tcp -j DNAT --to-destination 127.0.0.1:1
        -A PREROUTING ! -i lo -p tcp -j SOCKSIFY_GW
        COMMIT
        """, scripts.get(0).input());
  }

  @Test
  void nftablesRendersEveryPart() {
    List<RuleScript> scripts = new NftablesBackend(new CommandRunner()).render(FULL);
    assertEquals(List.of("nft", "-f", "-"), scripts.get(0).command());
    assertEquals("""
        table inet socksify {
          chain output {
            type nat hook output priority -100; policy accept;
            meta l4proto != tcp return
            meta mark 0x534b return
            meta skuid 4242 return
            ip daddr 127.0.0.0/8 return
            ip6 daddr ::1 return
            fib daddr type local return
            ip daddr 192.0.2.0/24 return
            ip daddr 10.0.0.5/32 return
            ip6 daddr 2001:db8::/32 return
            meta l4proto tcp redirect to :12345
          }
          chain gateway {
            meta l4proto != tcp return
            fib daddr type local return
            ip daddr 192.0.2.0/24 return
            ip daddr 10.0.0.5/32 return
            meta nfproto ipv4 meta l4proto tcp dnat ip to 127.0.0.1:12345
          }
          chain prerouting {
            type nat hook prerouting priority -100; policy accept;
            iifname "eth1" goto gateway
            iifname "wlan0" goto gateway
          }
        }
        """, scripts.get(0).input());
  }

  @Test
  void nftablesWithoutIpv6OrGateway() {
    FirewallPlan plan = new FirewallPlan(7, 0x534b, List.of(), List.of(), false, List.of(), false);
    assertEquals("""
        table inet socksify {
          chain output {
            type nat hook output priority -100; policy accept;
            meta l4proto != tcp return
            meta nfproto ipv6 return
            meta mark 0x534b return
            ip daddr 127.0.0.0/8 return
            ip6 daddr ::1 return
            fib daddr type local return
            meta l4proto tcp redirect to :7
          }
        }
        """, new NftablesBackend(new CommandRunner()).render(plan).get(0).input());
  }

  @Test
  void valuesThatWouldInjectIntoAScriptAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new FirewallPlan(1, 1, List.of(), List.of(), true, List.of("eth0 -j ACCEPT"), true));
    assertThrows(IllegalArgumentException.class,
        () -> new FirewallPlan(1, 1, List.of(), List.of(), true, List.of("eth0\"; flush ruleset"), true));
    assertThrows(IllegalArgumentException.class,
        () -> new FirewallPlan(1, 0, List.of(), List.of(), false, List.of(), true));
    assertThrows(IllegalArgumentException.class,
        () -> new FirewallPlan(0, 1, List.of(), List.of(), false, List.of(), true));
  }
}
