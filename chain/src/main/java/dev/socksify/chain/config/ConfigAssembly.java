package dev.socksify.chain.config;

import dev.socksify.chain.rules.Cidr;
import dev.socksify.chain.rules.Rule;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything read from one source, in the order it was read, before it is checked as a whole and frozen into
 * a {@link SocksifyConfig} by {@link ConfigBuilder}. Sections write here; nothing here is shared.
 */
final class ConfigAssembly {
  /** The chain {@code [ProxyList]} and a proxy URL list define. */
  static final String PROXYLIST_CHAIN = "default";

  final String source;
  final List<String> warnings = new ArrayList<>();
  final ChainSettings globals = new ChainSettings();
  final Map<String, ChainDraft> chains = new LinkedHashMap<>();
  final List<RuleDraft> rules = new ArrayList<>();
  RuleDraft defaultRule;
  boolean quiet;

  Line proxyDns;
  DnsMode dnsMode;
  Line dnsModeLine;
  Cidr fakeSubnet;
  Line fakeSubnetLine;
  Optional<InetSocketAddress> resolver = Optional.empty();
  int dnsListenPort = DnsSettings.DEFAULT_LISTEN_PORT;

  boolean udpEnabled = UdpSettings.DEFAULTS.enabled();
  Duration udpIdleTimeout = UdpSettings.DEFAULTS.idleTimeout();

  boolean agentDebug = AgentSettings.DEFAULTS.debug();
  Optional<Path> agentLog = AgentSettings.DEFAULTS.log();
  boolean agentFailClosed = AgentSettings.DEFAULTS.failClosed();

  final RedirectorDraft redirector = new RedirectorDraft();

  /** A rule and, for a chain action, where the chain was named (checked once every chain is known). */
  record RuleDraft(Rule rule, String chain, Line line) {}

  ConfigAssembly(String source) {
    this.source = source;
  }

  void warn(Line line, String what) {
    warnings.add((line != null ? line.where() : source) + ": " + what);
  }

  /** The one warning for a key nobody knows: the key only, since the rest may be a secret. */
  void warnUnknown(Line line, String where) {
    warn(line, "unknown directive '" + line.word(0) + "'" + (where.isEmpty() ? "" : " " + where) + " ignored");
  }

  ChainDraft newChain(String name, Line header) {
    ChainDraft existing = chains.get(name);
    if (existing != null) {
      String first = existing.header == null ? "" : " at line " + existing.header.number;
      throw header.error("chain '" + name + "' is already defined" + first
          + (name.equals(PROXYLIST_CHAIN) ? " ([ProxyList] is the chain named 'default')" : ""));
    }
    ChainDraft chain = new ChainDraft(name, header);
    chains.put(name, chain);
    return chain;
  }

  void addRule(Rule rule, String chain, Line line) {
    if (defaultRule != null) {
      throw line.error("rule after 'default' (line " + defaultRule.line().number + ") can never match");
    }
    rules.add(new RuleDraft(rule, chain, line));
  }

  void addDefaultRule(Rule rule, String chain, Line line) {
    if (defaultRule != null) {
      throw line.error("second 'default' rule; the first is at line " + defaultRule.line().number);
    }
    defaultRule = new RuleDraft(rule, chain, line);
  }

  /** Fake subnets may come from remote_dns_subnet and [dns] fake_subnet; the later line wins, with a word. */
  void setFakeSubnet(Cidr subnet, Line line) {
    if (fakeSubnetLine != null) {
      warn(line, "fake subnet " + subnet + " replaces " + fakeSubnet + " set at line " + fakeSubnetLine.number);
    }
    fakeSubnet = subnet;
    fakeSubnetLine = line;
  }

  /** The mutable side of {@link RedirectorSettings}. */
  static final class RedirectorDraft {
    RedirectorSettings defaults = RedirectorSettings.DEFAULTS;
    int port = defaults.port();
    Integer udpPort;
    FirewallBackend backend = defaults.backend();
    final List<Cidr> exclude = new ArrayList<>();
    String user = defaults.user();
    boolean gateway = defaults.gateway();
    final List<String> interfaces = new ArrayList<>();
    boolean ipv6 = defaults.ipv6();
    int mark = defaults.mark();
    int routeTable = defaults.routeTable();
    Path controlSocket = defaults.controlSocket();
    int maxFlows = defaults.maxFlows();

    RedirectorSettings build() {
      return new RedirectorSettings(port, udpPort == null ? port : udpPort, backend, exclude, user, gateway,
          interfaces, ipv6, mark, routeTable, controlSocket, maxFlows);
    }
  }
}
