package dev.socksify.chain.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Credentials;
import dev.socksify.chain.Hop;
import dev.socksify.chain.Timeouts;
import dev.socksify.chain.mode.DynamicMode;
import dev.socksify.chain.mode.StrictMode;
import dev.socksify.chain.rules.Decision;
import dev.socksify.chain.rules.Rule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** socksify's own sections on top of proxychains.conf. */
class OwnFormatTest {
  private static final String PROXIES = "[ProxyList]\nsocks5 203.0.113.1 1080\n";

  private static SocksifyConfig parse(String text) {
    return SocksifyConfig.parse(text, "s.conf");
  }

  private static String error(String text) {
    return assertThrows(ConfigException.class, () -> parse(text)).getMessage();
  }

  private static Decision decide(SocksifyConfig config, String host, String ip, int port) throws Exception {
    return config.rules().decide(host, ip == null ? null : InetAddress.getByName(ip), port);
  }

  @Test
  void theSampleConfigReadsAsDocumented() throws Exception {
    SocksifyConfig config = SocksifyConfig.load(ProxychainsConfTest.resource("socksify-full.conf"));
    assertEquals(List.of("default", "office", "ssh"), List.copyOf(config.chains().keySet()));
    assertEquals("default", config.defaultChain().name());

    List<Hop> office = config.chain("office").orElseThrow().hops();
    assertTrue(config.chain("office").orElseThrow().mode() instanceof DynamicMode);
    assertEquals(List.of("socks5h [::1]:1080", "http 10.8.0.1:3128"), office.stream().map(Hop::toString).toList());
    assertEquals(Optional.of(new Credentials("alice", "s3cr@t")), office.get(0).credentials());
    assertEquals(new Timeouts(Duration.ofSeconds(3), Duration.ofMillis(15000)), office.get(0).timeouts());
    // proxy_dns turns the proxychains lines into name-carrying hops.
    assertEquals(List.of("socks5h 127.0.0.1:11080", "socks5h 127.0.0.1:11082"),
        config.defaultChain().hops().stream().map(Hop::toString).toList());
    assertEquals(new Timeouts(Duration.ofMillis(8000), Duration.ofMillis(15000)), config.timeouts());

    assertEquals(DnsMode.FAKE_IP, config.dns().mode());
    assertEquals("198.18.0.0/15", config.dns().fakeSubnet().toString());
    assertEquals(Optional.of(new InetSocketAddress(InetAddress.getByName("1.1.1.1"), 53)), config.dns().resolver());
    assertEquals(1053, config.dns().listenPort());

    assertEquals(new UdpSettings(true, Duration.ofSeconds(60)), config.udp());
    RedirectorSettings r = config.redirector();
    assertEquals(12345, r.port());
    assertEquals(12346, r.udpPort());
    assertEquals(FirewallBackend.NFTABLES, r.backend());
    assertEquals("[192.0.2.0/24, 2001:db8::/32]", r.exclude().toString());
    assertEquals("nobody", r.user());
    assertFalse(r.gateway());
    assertTrue(r.ipv6());
    assertEquals(0x534b, r.mark());
    assertEquals(100, r.routeTable());
    assertEquals(Path.of("/run/socksify/control.sock"), r.controlSocket());
    assertEquals(20000, r.maxFlows());
    assertEquals(new AgentSettings(false, Optional.empty(), true), config.agent());

    assertEquals(List.of(config.source() + ":43: fake subnet 198.18.0.0/15 replaces 198.0.0.0/8 set at line 8"),
        config.warnings());

    assertEquals("chain office", decide(config, "www.corp.example", null, 443).target());
    assertEquals("chain office", decide(config, "corp.example", null, 443).target());
    assertEquals("chain office", decide(config, "pg.internal", null, 5432).target());
    assertEquals("direct", decide(config, null, "10.1.1.1", 443).target());
    assertEquals("block", decide(config, null, "fd00::1", 443).target());
    assertEquals("chain ssh", decide(config, "git.example", null, 22).target());
    assertEquals("direct", decide(config, "dev.example", null, 8080).target());
    assertEquals("direct", decide(config, null, "192.168.7.7", 443).target());
    assertEquals("direct", decide(config, null, "172.16.0.1", 8080).target());
    assertEquals("chain default", decide(config, null, "172.16.0.1", 9443).target());
    assertEquals("chain default", decide(config, "example.org", null, 443).target());
    Decision ads = decide(config, "ads.example", null, 443);
    assertEquals("block by rule 'domain ads.example -> block' (" + config.source() + ":38)", ads.toString());
  }

  @Test
  void theExampleShippedInNativeConfigIsTheTestedSample() throws Exception {
    Path example = Path.of("..", "native-config", "socksify.conf.example");
    assertEquals(Files.readString(ProxychainsConfTest.resource("socksify-full.conf")), Files.readString(example));
  }

  @Test
  void theConfigReferenceShowsTheSameExample() throws Exception {
    String reference = Files.readString(Path.of("..", "docs", "CONFIG.md"));
    String sample = Files.readString(ProxychainsConfTest.resource("socksify-full.conf"));
    assertTrue(reference.contains("```\n" + sample + "```\n"), "docs/CONFIG.md's example differs from the tested sample");
  }

  @Test
  void builtInRulesWhenNoneAreGiven() throws Exception {
    SocksifyConfig config = parse("dynamic_chain\n[ProxyList]\nsocks5 203.0.113.1 1080\nsocks5 proxy.example 1080\n");
    List<String> rules = config.rules().list().stream().map(Rule::toString).toList();
    assertEquals(List.of(
        "'cidr 203.0.113.1/32 port 1080 -> direct' (built-in: the proxies' own addresses go direct)",
        "'domain proxy.example port 1080 -> direct' (built-in: the proxies' own addresses go direct)",
        "'cidr 127.0.0.0/8,::1/128 -> direct' (built-in: loopback goes direct)",
        "'domain localhost,*.localhost -> direct' (built-in: loopback goes direct)"), rules);
    assertEquals("'default -> chain default' (built-in: everything else goes to chain 'default')",
        config.rules().fallback().toString());
    assertTrue(decide(config, null, "203.0.113.1", 1080).isDirect());
    assertTrue(decide(config, "proxy.example", null, 1080).isDirect());
    // other services on a proxy's host are not the proxy: they follow the rules
    assertTrue(decide(config, null, "203.0.113.1", 22).isChain());
    assertTrue(decide(config, "proxy.example", null, 22).isChain());
    assertTrue(decide(config, null, "127.0.0.5", 80).isDirect());
    assertTrue(decide(config, null, "::1", 80).isDirect());
    assertTrue(decide(config, "localhost", null, 80).isDirect());
    assertEquals("chain default", decide(config, "example.org", "93.184.216.34", 80).target());
  }

  @Test
  void onlyTheFirstHopOfAStrictChainIsDialedDirectly() throws Exception {
    SocksifyConfig config = parse("[ProxyList]\nsocks5 203.0.113.1 1080\nsocks5 203.0.113.2 1080\n");
    assertTrue(decide(config, null, "203.0.113.1", 1080).isDirect());
    assertTrue(decide(config, null, "203.0.113.2", 1080).isChain());
  }

  @Test
  void userRulesComeBeforeTheLoopbackRuleAndAfterTheProxiesRule() throws Exception {
    SocksifyConfig config = parse(PROXIES + "[rules]\ncidr 127.0.0.0/8 -> block\ncidr 203.0.113.0/24 -> block\n");
    assertEquals("'cidr 127.0.0.0/8 -> block' (s.conf:4)", decide(config, null, "127.0.0.1", 80).rule().toString());
    assertTrue(decide(config, null, "203.0.113.1", 1080).isDirect());
    assertTrue(decide(config, null, "203.0.113.1", 80).isBlock());
    assertTrue(decide(config, null, "203.0.113.9", 80).isBlock());
  }

  @Test
  void namedChainsAndTheDefaultRule() {
    SocksifyConfig config = parse(String.join("\n",
        "dynamic_chain",
        "[chain a]",
        "socks5://10.0.0.1:1080",
        "[chain b]",
        "mode strict",
        "socks4 10.0.0.2 1080",
        "[rules]",
        "domain x.example -> chain a",
        "default -> chain b", ""));
    assertEquals("b", config.defaultChain().name());
    assertTrue(config.chain("a").orElseThrow().mode() instanceof DynamicMode);
    assertTrue(config.chain("b").orElseThrow().mode() instanceof StrictMode);
    assertEquals(Optional.empty(), config.chain("c"));
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void withoutProxyListTheFirstChainIsTheDefault() {
    SocksifyConfig config = parse("[chain first]\nsocks5 10.0.0.1 1\n[chain second]\nsocks5 10.0.0.2 1\n");
    assertEquals("first", config.defaultChain().name());
    assertEquals(List.of("s.conf:3: chain 'second' is used by no rule"), config.warnings());
  }

  @Test
  void aDirectDefaultKeepsADefaultChainForCallersThatNeedOne() throws Exception {
    SocksifyConfig config = parse(PROXIES + "[rules]\ndomain *.onion -> chain default\ndefault -> direct\n");
    assertEquals("default", config.defaultChain().name());
    assertTrue(decide(config, "example.org", null, 80).isDirect());
    assertTrue(decide(config, "abc.onion", null, 80).isChain());
  }

  @Test
  void dnsModeFollowsTheUrlSchemeWhenNotSet() {
    assertEquals(DnsMode.FAKE_IP, parse("[chain a]\nsocks5h://10.0.0.1\n").dns().mode());
    assertEquals(DnsMode.FAKE_IP, parse("[chain a]\nhttp://10.0.0.1\n").dns().mode());
    assertEquals(DnsMode.LOCAL, parse("[chain a]\nsocks5://10.0.0.1\n").dns().mode());
    assertEquals(DnsMode.LOCAL, parse("[chain a]\nsocks4://10.0.0.1\n").dns().mode());
    assertEquals(DnsMode.LOCAL, parse("[chain a]\nhttp 10.0.0.1 8080\n").dns().mode());
  }

  @Test
  void fakeIpTurnsProxychainsLinesButNotUrlsIntoNameCarryingHops() {
    SocksifyConfig config = parse("[dns]\nmode remote\n[chain a]\nsocks5 10.0.0.1 1080\nsocks5://10.0.0.2:1080\n");
    assertEquals(List.of("socks5h 10.0.0.1:1080", "socks5 10.0.0.2:1080"),
        config.defaultChain().hops().stream().map(Hop::toString).toList());
    assertEquals(List.of("s.conf:5: chain 'a' ends with a socks5 hop, which is given addresses, not names: with"
        + " fake-ip DNS its names are resolved on this host (use socks5h://)"), config.warnings());
  }

  @Test
  void dnsSettings() throws Exception {
    SocksifyConfig forward = parse(PROXIES + "[dns]\nmode forward\nresolver [2606:4700::1111]\nlisten_port 5300\n");
    assertEquals(DnsMode.FORWARD, forward.dns().mode());
    assertTrue(forward.dns().remote());
    assertEquals(Optional.of(new InetSocketAddress(InetAddress.getByName("2606:4700::1111"), 53)), forward.dns().resolver());
    assertEquals(5300, forward.dns().listenPort());
    InetSocketAddress named = parse(PROXIES + "[dns]\nresolver dns.internal:5353\n").dns().resolver().orElseThrow();
    assertTrue(named.isUnresolved());
    assertEquals("dns.internal", named.getHostString());
    assertEquals("fd00:5::/64", parse(PROXIES + "[dns]\nmode fake-ip\nfake_subnet fd00:5::/64\n").dns().fakeSubnet().toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[dns]\\nmode cloud | s.conf:4: dns mode must be local, remote, fake-ip or forward, not 'cloud'",
      "[dns]\\nmode forward | s.conf:4: dns mode forward needs 'resolver HOST[:PORT]' in [dns]",
      "[dns]\\nfake_subnet 10.0.0.0/25 | s.conf:4: fake subnet 10.0.0.0/25 is too small; it needs at least 256 addresses",
      "[dns]\\nfake_subnet 10.0.0.1/8 | s.conf:4: '10.0.0.1/8' has bits set past /8 (did you mean 10.0.0.0/8?)",
      "[dns]\\nresolver 1.1.1.1:0 | s.conf:4: port 0 out of range 1-65535",
      "[dns]\\nlisten_port | s.conf:4: 'listen_port' needs a value",
      "[udp]\\nidle_timeout 60 | s.conf:4: idle_timeout must be a duration with a unit like 500ms, 15s, 2m or 1h, not '60'",
      "[udp]\\nidle_timeout 5d | s.conf:4: idle_timeout has unknown unit 'd' (use ms, s, m or h)",
      "[udp]\\nidle_timeout 0s | s.conf:4: idle_timeout must be more than zero",
      "[udp]\\nenabled maybe | s.conf:4: enabled must be on or off, not 'maybe'",
      "[redirector]\\nbackend pf | s.conf:4: backend must be iptables or nftables, not 'pf'",
      "[redirector]\\nport 70000 | s.conf:4: port 70000 out of range 1-65535",
      "[redirector]\\nexclude 10.0.0.0/8,, 11.0.0.0/8 | s.conf:4: exclude has an empty item in its list",
      "[redirector]\\nexclude 10.0.0.0/8 11.0.0.0/8 | s.conf:4: exclude items are separated by commas: '10.0.0.0/8 11.0.0.0/8'",
      "[redirector]\\nuser bad user | s.conf:4: 'user' takes one value",
      "[redirector]\\nuser b@d | s.conf:4: user 'b@d' is not a user name or id",
      "[redirector]\\nroute_table 255 | s.conf:4: route_table 255 out of range 1-252",
      "[redirector]\\nmark 0 | s.conf:4: mark 0 out of range 1-2147483647",
      "[redirector]\\ninterfaces eth0, this-name-is-too-long | s.conf:4: interface 'this-name-is-too-long' is not an interface name",
      "[agent]\\nfail_closed sometimes | s.conf:4: fail_closed must be on or off, not 'sometimes'",
      "[rules]\\ndomain a.example | s.conf:4: expected CONDITIONS -> ACTION, e.g. 'domain *.corp.example -> chain office'",
      "[rules]\\n-> direct | s.conf:4: rule has no conditions before '->' (write 'default -> ...' for the fallback)",
      "[rules]\\ndomain a.example -> | s.conf:4: rule has no action after '->' (expected direct, block or chain NAME)",
      "[rules]\\ndomain a.example -> proxy | s.conf:4: unknown action 'proxy' (expected direct, block or chain NAME)",
      "[rules]\\ndomain a.example -> chain | s.conf:4: 'chain' needs the chain's name",
      "[rules]\\ndomain a.example -> chain a b | s.conf:4: unexpected 'b' after the chain's name",
      "[rules]\\ndomain a.example -> direct now | s.conf:4: unexpected 'now' after 'direct'",
      "[rules]\\ndomain a.example -> chain nowhere | s.conf:4: rule sends to chain 'nowhere', which is not defined (chains: default)",
      "[rules]\\nhost a.example -> direct | s.conf:4: unknown condition 'host' (expected domain, cidr, port or default)",
      "[rules]\\ndomain a.*.example -> direct | s.conf:4: domain pattern 'a.*.example' is not a name like example.com or *.example.com (a '*' only as the whole first label)",
      "[rules]\\ncidr 10.0.0.0/40 -> direct | s.conf:4: prefix length /40 in '10.0.0.0/40' is over 32",
      "[rules]\\nport 0 -> direct | s.conf:4: port 0 out of range 1-65535",
      "[rules]\\nport 10-5 -> direct | s.conf:4: port range '10-5' is backwards",
      "[rules]\\nport 22 port 23 -> direct | s.conf:4: condition 'port' given twice; list values with commas: port A,B",
      "[rules]\\ndomain -> direct | s.conf:4: condition 'domain' needs a value",
      "[rules]\\ndomain a.example default -> direct | s.conf:4: 'default' stands alone: 'default -> ACTION'",
      "[rules]\\ndefault -> direct\\nport 22 -> block | s.conf:5: rule after 'default' (line 4) can never match",
      "[rules]\\ndefault -> direct\\ndefault -> block | s.conf:5: second 'default' rule; the first is at line 4",
      "[chain default]\\nsocks5 10.0.0.1 1 | s.conf:3: chain 'default' is already defined at line 1 ([ProxyList] is the chain named 'default')",
      "[chain a b] | s.conf:3: expected [chain NAME] with a NAME of letters, digits, '_', '-' or '.'",
      "[chain a | s.conf:3: section header '[chain a' lacks its closing ']'",
      "[rules extra] | s.conf:3: unknown section '[rules extra]'",
      "[chain x]\\nmode fastest | s.conf:4: mode must be strict, dynamic, random or round_robin, not 'fastest'",
      "[chain x]\\nsocks5://10.0.0.1 socks5://10.0.0.2 | s.conf:4: a proxy URL line holds one URL; put further hops on their own lines",
      "[chain x]\\nsocks5://10.0.0.1:99999 | s.conf:4: port 99999 out of range 1-65535",
      "[chain x]\\nconnect_timeout 3 | s.conf:4: connect_timeout must be a duration with a unit like 500ms, 15s, 2m or 1h, not '3'",
      "[chain x]\\nrandom_chain\\nchain_len 2\\nsocks5 10.0.0.1 1 | s.conf:5: chain_len 2 but chain 'x' has 1 proxy",
  })
  void wrongValuesAreErrorsWithFileAndLine(String section, String message) {
    assertEquals(message, error(PROXIES + section.replace("\\n", "\n") + "\n"));
  }

  @Test
  void anExplicitLocalDnsModeContradictsProxyDns() {
    assertEquals("s.conf:5: dns mode local contradicts proxy_dns at line 1",
        error("proxy_dns\n" + PROXIES + "[dns]\nmode local\n"));
  }

  @Test
  void unknownKeysAndSectionsAreWarnings() {
    SocksifyConfig config = parse(PROXIES + String.join("\n",
        "[dns]", "cache_size 100", "[udp]", "fragments on", "[redirector]", "splice on", "[agent]", "color on",
        "[chain x]", "socks5 10.0.0.1 1", "weight 3", "[future]", "anything goes here", "[rules]",
        "default -> chain x", ""));
    assertEquals(List.of(
        "s.conf:4: unknown directive 'cache_size' in [dns] ignored",
        "s.conf:6: unknown directive 'fragments' in [udp] ignored",
        "s.conf:8: unknown directive 'splice' in [redirector] ignored",
        "s.conf:10: unknown directive 'color' in [agent] ignored",
        "s.conf:13: unknown directive 'weight' in [chain x] ignored",
        "s.conf:14: unknown section [future] ignored with all its lines",
        "s.conf:1: chain 'default' is used by no rule"), config.warnings());
  }

  @Test
  void keyValueLinesAcceptEqualsSigns() {
    SocksifyConfig config = parse(PROXIES + "[udp]\nidle_timeout = 90s\n[redirector]\nport=2000\ngateway =on\n");
    assertEquals(Duration.ofSeconds(90), config.udp().idleTimeout());
    assertEquals(2000, config.redirector().port());
    assertEquals(2000, config.redirector().udpPort());
    assertTrue(config.redirector().gateway());
  }

  @Test
  void ruleListsAndCombinations() throws Exception {
    SocksifyConfig config = parse(PROXIES + "[chain db]\nsocks5 10.0.0.7 1080\n[rules]\n"
        + "domain *.internal, internal port 5432,6432 -> chain db  # databases\n"
        + "cidr 10.0.0.0/8,fd00::/8 port 1-1023 -> block\n");
    assertEquals("chain db", decide(config, "internal", null, 6432).target());
    assertEquals("chain db", decide(config, "x.internal", null, 5432).target());
    assertEquals("chain default", decide(config, "x.internal", null, 5433).target());
    assertTrue(decide(config, null, "fd00::9", 1023).isBlock());
    assertTrue(decide(config, null, "10.9.9.9", 1024).isChain());
    assertEquals("'domain *.internal,internal port 5432,6432 -> chain db' (s.conf:6)",
        decide(config, "internal", null, 6432).rule().toString());
  }

  @Test
  void everyChainCarriesItsOwnTimeouts() {
    SocksifyConfig config = parse("connect_timeout 2s\n[ProxyList]\nsocks5 10.0.0.1 1\n"
        + "[chain slow]\nread_timeout 1m\ntcp_connect_time_out 500\nsocks5 10.0.0.2 1\n[rules]\nport 1 -> chain slow\n");
    assertEquals(new Timeouts(Duration.ofSeconds(2), Timeouts.DEFAULT_READ), config.defaultChain().hops().get(0).timeouts());
    Chain slow = config.chain("slow").orElseThrow();
    assertEquals(new Timeouts(Duration.ofMillis(500), Duration.ofMinutes(1)), slow.hops().get(0).timeouts());
  }

  @Test
  void loadReportsMissingAndUnreadableFiles() throws Exception {
    Path missing = Path.of("no-such-dir", "socksify.conf");
    assertEquals(missing + ": no such file",
        assertThrows(ConfigException.class, () -> SocksifyConfig.load(missing)).getMessage());
    Path latin1 = Files.createTempFile("socksify", ".conf");
    try {
      Files.write(latin1, new byte[] {'#', (byte) 0xe9, '\n'});
      assertEquals(latin1 + ": not UTF-8 text",
          assertThrows(ConfigException.class, () -> SocksifyConfig.load(latin1)).getMessage());
    } finally {
      Files.delete(latin1);
    }
  }

  @Test
  void windowsLineEndingsAndAByteOrderMark() {
    SocksifyConfig config = parse("\uFEFFstrict_chain\r\n[ProxyList]\r\nsocks5 10.0.0.1 1080 u p\r\nbogus\r\n");
    assertEquals(Optional.of(new Credentials("u", "p")), config.defaultChain().hops().get(0).credentials());
    assertEquals(List.of("s.conf:4: unknown directive 'bogus' in [ProxyList] ignored"), config.warnings());
  }
}
