package dev.socksify.chain.config;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.Timeouts;
import dev.socksify.chain.rules.Action;
import dev.socksify.chain.rules.Cidr;
import dev.socksify.chain.rules.DomainPattern;
import dev.socksify.chain.rules.PortRange;
import dev.socksify.chain.rules.Rule;
import dev.socksify.chain.rules.Rules;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an assembly as a whole (chains exist and have hops, rules name existing chains, DNS settings agree)
 * and freezes it. Adds the built-in rules: the proxies this host dials go direct first, loopback goes direct
 * after the configured rules, and the default chain takes the rest.
 */
final class ConfigBuilder {
  static final String BUILT_IN_PROXIES = "built-in: the proxies' own addresses go direct";
  static final String BUILT_IN_LOOPBACK = "built-in: loopback goes direct";

  private final ConfigAssembly a;

  private ConfigBuilder(ConfigAssembly assembly) {
    this.a = assembly;
  }

  static SocksifyConfig build(ConfigAssembly assembly) {
    return new ConfigBuilder(assembly).build();
  }

  private SocksifyConfig build() {
    if (a.chains.isEmpty()) {
      throw new ConfigException(a.source, "no proxies: add a [ProxyList] or [chain NAME] section with at least one proxy");
    }
    for (ChainDraft chain : a.chains.values()) {
      if (chain.hops.isEmpty()) {
        throw error(chain.header, "chain '" + chain.name + "' has no proxies");
      }
    }
    checkRuleChains();
    String defaultName = defaultChainName();
    DnsMode mode = dnsMode(defaultName);
    Map<String, Chain> chains = new LinkedHashMap<>();
    for (ChainDraft draft : a.chains.values()) {
      chains.put(draft.name, chain(draft, mode));
    }
    Cidr fakeSubnet = fakeSubnet(mode);
    if (mode == DnsMode.FAKE_IP) {
      warnAboutLocalLastHops(chains);
    }
    warnAboutUnusedChains(defaultName);
    DnsSettings dns = new DnsSettings(mode, fakeSubnet, a.resolver, a.dnsListenPort);
    Rules rules = rules(chains, defaultName);
    Timeouts timeouts = new Timeouts(
        orElse(a.globals.connectTimeout, Timeouts.DEFAULT_CONNECT), orElse(a.globals.readTimeout, Timeouts.DEFAULT_READ));
    return new SocksifyConfig(a.source, chains, chains.get(defaultName), rules, dns, timeouts,
        new UdpSettings(a.udpEnabled, a.udpIdleTimeout), a.redirector.build(),
        new AgentSettings(a.agentDebug, a.agentLog, a.agentFailClosed), a.quiet, a.warnings);
  }

  private void checkRuleChains() {
    List<ConfigAssembly.RuleDraft> all = new ArrayList<>(a.rules);
    if (a.defaultRule != null) {
      all.add(a.defaultRule);
    }
    for (ConfigAssembly.RuleDraft rule : all) {
      if (rule.chain() != null && !a.chains.containsKey(rule.chain())) {
        throw rule.line().error("rule sends to chain '" + rule.chain() + "', which is not defined (chains: "
            + String.join(", ", a.chains.keySet()) + ")");
      }
    }
  }

  /** The default rule's chain, else [ProxyList], else the first chain in the file. */
  private String defaultChainName() {
    if (a.defaultRule != null && a.defaultRule.chain() != null) {
      return a.defaultRule.chain();
    }
    if (a.chains.containsKey(ConfigAssembly.PROXYLIST_CHAIN)) {
      return ConfigAssembly.PROXYLIST_CHAIN;
    }
    return a.chains.keySet().iterator().next();
  }

  /**
   * An explicit [dns] mode wins; else proxy_dns means fake-ip; else a default chain that ends in a URL hop with
   * a remote-DNS scheme (socks5h, socks4a, http) means fake-ip, because that is what the user wrote; else local,
   * which is proxychains' behaviour without proxy_dns.
   */
  private DnsMode dnsMode(String defaultName) {
    if (a.dnsMode != null) {
      if (a.dnsMode == DnsMode.LOCAL && a.proxyDns != null) {
        throw a.dnsModeLine.error("dns mode local contradicts " + a.proxyDns.word(0) + " at line " + a.proxyDns.number);
      }
      if (a.dnsMode == DnsMode.FORWARD && a.resolver.isEmpty()) {
        throw a.dnsModeLine.error("dns mode forward needs 'resolver HOST[:PORT]' in [dns]");
      }
      return a.dnsMode;
    }
    if (a.proxyDns != null) {
      return DnsMode.FAKE_IP;
    }
    List<HopDraft> hops = a.chains.get(defaultName).hops;
    HopDraft last = hops.get(hops.size() - 1);
    return !last.proxychainsForm() && last.hop().type().remoteDns() ? DnsMode.FAKE_IP : DnsMode.LOCAL;
  }

  private Chain chain(ChainDraft draft, DnsMode mode) {
    ChainSettings own = draft.settings;
    ChainSettings global = a.globals;
    ModeKind kind = orElse(own.mode, orElse(global.mode, ModeKind.STRICT));
    Line lengthLine = own.chainLength != null ? own.chainLengthLine : global.chainLengthLine;
    int length = orElse(own.chainLength, orElse(global.chainLength, 1));
    if (kind.usesLength() && length > draft.hops.size()) {
      throw error(lengthLine != null ? lengthLine : draft.header, "chain_len " + length + " but chain '" + draft.name
          + "' has " + draft.hops.size() + " prox" + (draft.hops.size() == 1 ? "y" : "ies"));
    }
    Timeouts timeouts = new Timeouts(
        orElse(own.connectTimeout, orElse(global.connectTimeout, Timeouts.DEFAULT_CONNECT)),
        orElse(own.readTimeout, orElse(global.readTimeout, Timeouts.DEFAULT_READ)));
    List<Hop> hops = new ArrayList<>();
    for (HopDraft hop : draft.hops) {
      hops.add(resolveType(hop, mode).withTimeouts(timeouts));
    }
    return new Chain(draft.name, hops, kind.create(length));
  }

  /**
   * proxychains' {@code socks4}/{@code socks5} carry names to the proxy when {@code proxy_dns} is on; here
   * that is socks4a/socks5h. A URL says what it means and is left alone.
   */
  private static Hop resolveType(HopDraft draft, DnsMode mode) {
    Hop hop = draft.hop();
    if (!draft.proxychainsForm() || mode != DnsMode.FAKE_IP) {
      return hop;
    }
    ProxyType type = hop.type() == ProxyType.SOCKS4 ? ProxyType.SOCKS4A
        : hop.type() == ProxyType.SOCKS5 ? ProxyType.SOCKS5H : hop.type();
    return new Hop(type, hop.host(), hop.port(), hop.credentials(), hop.timeouts());
  }

  private Cidr fakeSubnet(DnsMode mode) {
    Cidr subnet = a.fakeSubnet != null ? a.fakeSubnet : Cidr.parse(DnsSettings.DEFAULT_FAKE_SUBNET);
    int room = subnet.isIpv4() ? 32 - subnet.prefixLength() : 128 - subnet.prefixLength();
    if (room < 8) {
      throw error(a.fakeSubnetLine, "fake subnet " + subnet + " is too small; it needs at least 256 addresses");
    }
    if (mode == DnsMode.FAKE_IP && a.fakeSubnetLine != null) {
      if (subnet.network().isLoopbackAddress()) {
        a.warn(a.fakeSubnetLine, "fake subnet " + subnet + " is loopback: the agent can use it, the redirector"
            + " cannot (the kernel never sends loopback through its rules)");
      } else if (subnet.network().isMulticastAddress()) {
        a.warn(a.fakeSubnetLine, "fake subnet " + subnet + " is multicast: the agent can use it, the redirector"
            + " cannot (TCP to multicast never leaves the kernel)");
      }
    }
    return subnet;
  }

  private void warnAboutLocalLastHops(Map<String, Chain> chains) {
    for (ChainDraft draft : a.chains.values()) {
      HopDraft last = draft.hops.get(draft.hops.size() - 1);
      if (!last.proxychainsForm() && !last.hop().type().remoteDns()) {
        a.warn(last.line(), "chain '" + draft.name + "' ends with a " + last.hop().type() + " hop, which is given"
            + " addresses, not names: with fake-ip DNS its names are resolved on this host (use "
            + (last.hop().type() == ProxyType.SOCKS4 ? "socks4a" : "socks5h") + "://)");
      }
    }
  }

  private void warnAboutUnusedChains(String defaultName) {
    Set<String> used = new LinkedHashSet<>();
    used.add(defaultName);
    a.rules.forEach(r -> used.add(r.chain()));
    for (ChainDraft draft : a.chains.values()) {
      if (!used.contains(draft.name) && draft.header != null) {
        a.warn(draft.header, "chain '" + draft.name + "' is used by no rule");
      }
    }
  }

  private Rules rules(Map<String, Chain> chains, String defaultName) {
    List<Rule> rules = new ArrayList<>(proxyRules(chains));
    a.rules.forEach(r -> rules.add(r.rule()));
    rules.add(new Rule(List.of(), List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")), List.of(),
        Action.DIRECT, null, BUILT_IN_LOOPBACK));
    rules.add(new Rule(List.of(DomainPattern.parse("localhost"), DomainPattern.parse("*.localhost")), List.of(),
        List.of(), Action.DIRECT, null, BUILT_IN_LOOPBACK));
    Rule fallback = a.defaultRule != null ? a.defaultRule.rule()
        : Rule.catchAll(Action.CHAIN, defaultName, "built-in: everything else goes to chain '" + defaultName + "'");
    return new Rules(rules, fallback);
  }

  /**
   * The proxies this host connects to itself go direct, or a connection to a proxy would be sent through the
   * chain to itself: hop 1 of a strict chain, any hop of the other modes (each can end up first). Later hops
   * of a strict chain are reached through the earlier ones, so they keep following the rules. A rule per hop
   * endpoint (address or name, and port): other services on a proxy's host still follow the rules.
   */
  private static List<Rule> proxyRules(Map<String, Chain> chains) {
    Set<String> endpoints = new LinkedHashSet<>();
    List<Rule> rules = new ArrayList<>();
    for (Chain chain : chains.values()) {
      List<Hop> dialed = chain.mode().skipsDeadHops() ? chain.hops() : chain.hops().subList(0, 1);
      for (Hop hop : dialed) {
        if (!endpoints.add(hop.endpoint())) {
          continue;
        }
        InetAddress literal = Addresses.literal(hop.host());
        List<PortRange> port = List.of(new PortRange(hop.port(), hop.port()));
        rules.add(literal != null
            ? new Rule(List.of(), List.of(Cidr.of(literal, literal.getAddress().length * 8)), port, Action.DIRECT,
                null, BUILT_IN_PROXIES)
            : new Rule(List.of(DomainPattern.parse(hop.host())), List.of(), port, Action.DIRECT, null,
                BUILT_IN_PROXIES));
      }
    }
    return rules;
  }

  private ConfigException error(Line line, String problem) {
    return line != null ? line.error(problem) : new ConfigException(a.source, problem);
  }

  private static <T> T orElse(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
