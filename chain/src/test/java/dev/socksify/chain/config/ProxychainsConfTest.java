package dev.socksify.chain.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Credentials;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.Timeouts;
import dev.socksify.chain.mode.DynamicMode;
import dev.socksify.chain.mode.RandomMode;
import dev.socksify.chain.mode.RoundRobinMode;
import dev.socksify.chain.mode.StrictMode;
import dev.socksify.chain.rules.Decision;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** proxychains.conf files read unchanged, directive by directive. */
class ProxychainsConfTest {
  static Path resource(String name) {
    try {
      return Path.of(ProxychainsConfTest.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static SocksifyConfig parse(String text) {
    return SocksifyConfig.parse(text, "p.conf");
  }

  private static List<String> hops(SocksifyConfig config) {
    return config.defaultChain().hops().stream().map(Hop::toString).toList();
  }

  @Test
  void theLabsDantedChainParses() {
    SocksifyConfig config = SocksifyConfig.load(resource("proxychains-danted-danted.conf"));
    Chain chain = config.defaultChain();
    assertEquals("default", chain.name());
    assertTrue(chain.mode() instanceof StrictMode);
    assertEquals(List.of("socks5 127.0.0.1:11080", "socks4 127.0.0.1:11081", "socks5 127.0.0.1:11082"), hops(config));
    assertEquals(Optional.of(new Credentials("labuser", "labpass")), chain.hops().get(2).credentials());
    assertEquals(new Timeouts(Duration.ofMillis(8000), Duration.ofMillis(15000)), chain.hops().get(0).timeouts());
    assertEquals(DnsMode.LOCAL, config.dns().mode());
    assertFalse(config.dns().remote());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void debiansShippedProxychains4ConfParses() {
    SocksifyConfig config = SocksifyConfig.load(resource("proxychains4-debian.conf"));
    // proxy_dns makes proxychains send names through socks4 as 4a.
    assertEquals(List.of("socks4a 127.0.0.1:9050"), hops(config));
    assertEquals(DnsMode.FAKE_IP, config.dns().mode());
    assertEquals("224.0.0.0/8", config.dns().fakeSubnet().toString());
    assertEquals(1, config.warnings().size(), config.warnings().toString());
    assertTrue(config.warnings().get(0).matches(".*proxychains4-debian.conf:\\d+: fake subnet 224.0.0.0/8 is multicast.*"));
  }

  @ParameterizedTest
  @CsvSource({
      "strict_chain, dev.socksify.chain.mode.StrictMode",
      "dynamic_chain, dev.socksify.chain.mode.DynamicMode",
      "random_chain, dev.socksify.chain.mode.RandomMode",
      "round_robin_chain, dev.socksify.chain.mode.RoundRobinMode",
  })
  void chainModes(String directive, String modeClass) {
    SocksifyConfig config = parse(directive + "\n[ProxyList]\nsocks5 10.0.0.1 1080\nsocks5 10.0.0.2 1080\n");
    assertEquals(modeClass, config.defaultChain().mode().getClass().getName());
  }

  @Test
  void chainLenWithEqualsSignAsProxychainsWritesIt() {
    SocksifyConfig config = parse("random_chain\nchain_len = 2\n[ProxyList]\nsocks5 10.0.0.1 1080\n"
        + "socks5 10.0.0.2 1080\nsocks5 10.0.0.3 1080\n");
    assertTrue(config.defaultChain().mode() instanceof RandomMode);
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void chainLenLongerThanTheChainIsAnError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> parse("round_robin_chain\nchain_len 3\n[ProxyList]\nsocks5 10.0.0.1 1080\nsocks5 10.0.0.2 1080\n"));
    assertEquals("p.conf:2: chain_len 3 but chain 'default' has 2 proxies", e.getMessage());
    // Strict and dynamic chains use every hop; proxychains ignores chain_len there, so do we.
    assertTrue(parse("dynamic_chain\nchain_len 3\n[ProxyList]\nsocks5 10.0.0.1 1080\n").defaultChain().mode()
        instanceof DynamicMode);
  }

  @Test
  void theLastModeLineWinsWithAWarning() {
    SocksifyConfig config = parse("strict_chain\nround_robin_chain\n[ProxyList]\nsocks5 10.0.0.1 1080\n");
    assertTrue(config.defaultChain().mode() instanceof RoundRobinMode);
    assertEquals(List.of("p.conf:2: round_robin mode replaces strict mode set at line 1"), config.warnings());
  }

  @Test
  void proxyDnsMakesSocksCarryNames() {
    SocksifyConfig config = parse("proxy_dns\n[ProxyList]\nsocks4 10.0.0.1 1080\nsocks5 10.0.0.2 1080\n"
        + "http 10.0.0.3 8080\n");
    assertEquals(List.of("socks4a 10.0.0.1:1080", "socks5h 10.0.0.2:1080", "http 10.0.0.3:8080"), hops(config));
    assertEquals(DnsMode.FAKE_IP, config.dns().mode());
    assertEquals("198.18.0.0/15", config.dns().fakeSubnet().toString());
  }

  @Test
  void withoutProxyDnsNamesAreResolvedLocally() {
    SocksifyConfig config = parse("[ProxyList]\nsocks4 10.0.0.1 1080\nhttp 10.0.0.3 8080\n");
    assertEquals(List.of("socks4 10.0.0.1:1080", "http 10.0.0.3:8080"), hops(config));
    assertEquals(DnsMode.LOCAL, config.dns().mode());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "proxy_dns_old | p.conf:1: proxy_dns_old is read as proxy_dns: names are answered with fake addresses and sent to the chain; no proxyresolv script is run",
      "proxy_dns_daemon 127.0.0.1:1053 | p.conf:1: proxy_dns_daemon is read as proxy_dns: socksify keeps its own name map and does not contact proxychains4-daemon",
  })
  void otherProxyDnsMethodsWarnWhatWeDo(String directive, String warning) {
    SocksifyConfig config = parse(directive + "\nremote_dns_subnet 10\n[ProxyList]\nsocks5 10.0.0.2 1080\n");
    assertEquals(DnsMode.FAKE_IP, config.dns().mode());
    assertEquals("10.0.0.0/8", config.dns().fakeSubnet().toString());
    assertEquals(List.of("socks5h 10.0.0.2:1080"), hops(config));
    assertEquals(List.of(warning), config.warnings());
  }

  @Test
  void remoteDnsSubnetRange() {
    assertEquals("p.conf:1: remote_dns_subnet 256 out of range 0-255",
        assertThrows(ConfigException.class, () -> parse("remote_dns_subnet 256\n[ProxyList]\nsocks5 10.0.0.1 1\n"))
            .getMessage());
    assertEquals("p.conf:1: remote_dns_subnet must be a number, not 'ten'",
        assertThrows(ConfigException.class, () -> parse("remote_dns_subnet ten\n[ProxyList]\nsocks5 10.0.0.1 1\n"))
            .getMessage());
    SocksifyConfig loopback = parse("proxy_dns\nremote_dns_subnet 127\n[ProxyList]\nsocks5 10.0.0.1 1\n");
    assertEquals(List.of("p.conf:2: fake subnet 127.0.0.0/8 is loopback: the agent can use it, the redirector cannot"
        + " (the kernel never sends loopback through its rules)"), loopback.warnings());
  }

  @Test
  void timeoutsInMilliseconds() {
    SocksifyConfig config = parse("tcp_read_time_out 2500\ntcp_connect_time_out 700\n[ProxyList]\nsocks5 10.0.0.1 1\n");
    Timeouts expected = new Timeouts(Duration.ofMillis(700), Duration.ofMillis(2500));
    assertEquals(expected, config.timeouts());
    assertEquals(expected, config.defaultChain().hops().get(0).timeouts());
    assertEquals("p.conf:1: tcp_read_time_out 0 out of range 1-2147483647",
        assertThrows(ConfigException.class, () -> parse("tcp_read_time_out 0\n[ProxyList]\nsocks5 10.0.0.1 1\n"))
            .getMessage());
  }

  @Test
  void quietMode() {
    assertTrue(parse("quiet_mode\n[ProxyList]\nsocks5 10.0.0.1 1\n").quiet());
    assertFalse(parse("[ProxyList]\nsocks5 10.0.0.1 1\n").quiet());
  }

  @Test
  void localnetMapsOntoDirectRules() throws Exception {
    SocksifyConfig config = parse(String.join("\n",
        "localnet 192.168.1.0:80/255.255.255.0",
        "localnet 192.168.100.0/255.255.255.0",
        "localnet 0.0.0.0:8443/0.0.0.0",
        "localnet [::]:8081/0",
        "localnet 10.0.0.0/8",
        "localnet fd00::/8",
        "localnet 172.16.5.9/255.240.0.0",
        "[ProxyList]", "socks5 203.0.113.1 1080", ""));
    assertEquals(List.of("cidr 192.168.1.0/24 port 80 -> direct", "cidr 192.168.100.0/24 -> direct",
            "cidr 0.0.0.0/0 port 8443 -> direct", "cidr ::/0 port 8081 -> direct", "cidr 10.0.0.0/8 -> direct",
            "cidr fd00::/8 -> direct", "cidr 172.16.0.0/12 -> direct"),
        config.rules().list().subList(1, 8).stream().map(r -> r.text()).toList());
    assertEquals("p.conf:1", config.rules().list().get(1).origin());
    assertTrue(decide(config, "192.168.1.9", 80).isDirect());
    assertTrue(decide(config, "192.168.1.9", 443).isChain());
    assertTrue(decide(config, "192.168.100.9", 443).isDirect());
    assertTrue(decide(config, "8.8.8.8", 8443).isDirect());
    assertTrue(decide(config, "2001:db8::1", 8081).isDirect());
    assertTrue(decide(config, "2001:db8::1", 8080).isChain());
    assertTrue(decide(config, "172.31.0.1", 1).isDirect());
    assertEquals("'cidr 10.0.0.0/8 -> direct' (p.conf:5)", decide(config, "10.9.9.9", 1).rule().toString());
  }

  private static Decision decide(SocksifyConfig config, String ip, int port) throws Exception {
    return config.rules().decide(null, InetAddress.getByName(ip), port);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "localnet 10.0.0.0 | p.conf:1: localnet needs ADDRESS[:PORT]/MASK, e.g. 192.168.1.0/255.255.255.0, 192.168.1.0:80/24 or [::1]:80/128",
      "localnet host.example/8 | p.conf:1: localnet address 'host.example' is not an IP address; localnet needs ADDRESS[:PORT]/MASK, e.g. 192.168.1.0/255.255.255.0, 192.168.1.0:80/24 or [::1]:80/128",
      "localnet 10.0.0.0/255.0.255.0 | p.conf:1: localnet mask '255.0.255.0' has holes; a netmask is ones then zeros",
      "localnet 10.0.0.0/33 | p.conf:1: localnet mask '33' is neither a netmask nor a prefix length 0-32",
      "localnet 10.0.0.0:99999/8 | p.conf:1: port 99999 out of range 1-65535",
      "localnet | p.conf:1: 'localnet' needs a value",
  })
  void localnetErrors(String line, String message) {
    assertEquals(message, assertThrows(ConfigException.class,
        () -> parse(line + "\n[ProxyList]\nsocks5 10.0.0.1 1\n")).getMessage());
  }

  @Test
  void proxyListLines() {
    SocksifyConfig config = parse(String.join("\n",
        "[ProxyList]",
        "# comment",
        "\tsocks5\t192.168.67.78\t1080\tlamer\tsecret",
        "http    192.168.89.3    8080    justu   hidden",
        "socks4  192.168.1.49    1080 # the old one",
        "socks4  192.168.1.50    1080    ident",
        "socks5  proxy.example   1080",
        "socks5  ::1             1081",
        "socks5  [fd00::2]       1082",
        "socks5h 10.0.0.9        1083",
        ""));
    List<Hop> hops = config.defaultChain().hops();
    assertEquals(List.of("socks5 192.168.67.78:1080", "http 192.168.89.3:8080", "socks4 192.168.1.49:1080",
        "socks4 192.168.1.50:1080", "socks5 proxy.example:1080", "socks5 [::1]:1081", "socks5 [fd00::2]:1082",
        "socks5h 10.0.0.9:1083"), hops.stream().map(Hop::toString).toList());
    assertEquals(Optional.of(new Credentials("lamer", "secret")), hops.get(0).credentials());
    assertEquals(Optional.of(new Credentials("justu", "hidden")), hops.get(1).credentials());
    assertEquals(Optional.empty(), hops.get(2).credentials());
    assertEquals(Optional.of(new Credentials("ident", "")), hops.get(3).credentials());
    assertEquals(ProxyType.SOCKS5, hops.get(4).type());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "raw 10.0.0.1 1080 | p.conf:2: proxy type 'raw' is not supported: it passes bytes to the proxy unchanged, so it cannot carry a destination or be chained (use socks4, socks5 or http)",
      "sock5 10.0.0.1 1080 | p.conf:2: unknown proxy type 'sock5' (expected socks4, socks4a, socks5, socks5h or http)",
      "socks5 10.0.0.1 | p.conf:2: expected TYPE HOST PORT [USER [PASSWORD]] or a proxy URL; found 2 fields",
      "socks5 10.0.0.1 1080 a b c | p.conf:2: expected TYPE HOST PORT [USER [PASSWORD]] or a proxy URL; found 6 fields",
      "socks5 10.0.0.1 99999 | p.conf:2: port 99999 out of range 1-65535",
      "socks5 10.0.0.1 socks | p.conf:2: port 'socks' is not a number",
      "socks5 300.0.0.1 1080 | p.conf:2: invalid IPv4 address '300.0.0.1'",
      "socks5 fd00::zz 1080 | p.conf:2: invalid IPv6 address '[fd00::zz]'",
      "socks5 bad/host 1080 | p.conf:2: invalid host name 'bad/host'",
  })
  void proxyListErrors(String line, String message) {
    assertEquals(message, assertThrows(ConfigException.class, () -> parse("[ProxyList]\n" + line + "\n")).getMessage());
  }

  @Test
  void unknownDirectivesAreWarningsWithFileAndLine() {
    SocksifyConfig config = parse("strict_chain\nfancy_option 3\ndnat 1.1.1.1 1.1.1.2\nsocks5 10.0.0.9 1080\n"
        + "[ProxyList]\nsocks5 10.0.0.1 1080\nwhatever\n");
    assertEquals(List.of(
        "p.conf:2: unknown directive 'fancy_option' ignored",
        "p.conf:3: dnat is not supported and is ignored: connections go to the address the program asked for",
        "p.conf:4: proxy line outside [ProxyList] or [chain NAME] ignored",
        "p.conf:7: unknown directive 'whatever' in [ProxyList] ignored"), config.warnings());
    assertEquals(List.of("socks5 10.0.0.1:1080"), hops(config));
  }

  @Test
  void socks4PasswordIsNotSentAndSaysSo() {
    SocksifyConfig config = parse("[ProxyList]\nsocks4 10.0.0.1 1080 ident secret\n");
    assertEquals(List.of("p.conf:2: SOCKS4 has no passwords: only the user id is sent to socks4 10.0.0.1:1080"),
        config.warnings());
  }

  @Test
  void emptyConfigsAreErrors() {
    assertEquals("p.conf: no proxies: add a [ProxyList] or [chain NAME] section with at least one proxy",
        assertThrows(ConfigException.class, () -> parse("strict_chain\n")).getMessage());
    assertEquals("p.conf:2: chain 'default' has no proxies",
        assertThrows(ConfigException.class, () -> parse("strict_chain\n[ProxyList]\n# none yet\n")).getMessage());
  }

  @Test
  void directiveValuesAreChecked() {
    assertEquals("p.conf:1: proxy_dns takes no value",
        assertThrows(ConfigException.class, () -> parse("proxy_dns yes\n[ProxyList]\nsocks5 10.0.0.1 1\n")).getMessage());
    assertEquals("p.conf:1: strict_chain takes no value",
        assertThrows(ConfigException.class, () -> parse("strict_chain 1\n[ProxyList]\nsocks5 10.0.0.1 1\n")).getMessage());
    assertEquals("p.conf:1: chain_len must be a number, not 'two'",
        assertThrows(ConfigException.class, () -> parse("chain_len two\n[ProxyList]\nsocks5 10.0.0.1 1\n")).getMessage());
  }
}
