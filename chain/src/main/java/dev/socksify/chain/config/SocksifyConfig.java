package dev.socksify.chain.config;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.chain.Timeouts;
import dev.socksify.chain.rules.Rules;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * socksify's whole configuration, read once and immutable: named chains, routing rules, DNS, UDP, redirector
 * and agent settings. It comes from a config file (a proxychains.conf as it is, or socksify's own format, a
 * superset of it: see docs/CONFIG.md) or from a comma-separated list of proxy URLs.
 *
 * <p>Every input error is a {@link ConfigException} naming {@code FILE:LINE} (or the URL's position) and what
 * is wrong; things that are accepted but probably not what was meant are collected in {@link #warnings()}.
 * Nothing here, {@link #toString()} included, ever holds a password in text.
 */
public final class SocksifyConfig {
  private final String source;
  private final Map<String, Chain> chains;
  private final Chain defaultChain;
  private final Rules rules;
  private final DnsSettings dns;
  private final Timeouts timeouts;
  private final UdpSettings udp;
  private final RedirectorSettings redirector;
  private final AgentSettings agent;
  private final boolean quiet;
  private final List<String> warnings;

  SocksifyConfig(String source, Map<String, Chain> chains, Chain defaultChain, Rules rules, DnsSettings dns,
      Timeouts timeouts, UdpSettings udp, RedirectorSettings redirector, AgentSettings agent, boolean quiet,
      List<String> warnings) {
    this.source = source;
    this.chains = Collections.unmodifiableMap(new LinkedHashMap<>(chains));
    this.defaultChain = defaultChain;
    this.rules = rules;
    this.dns = dns;
    this.timeouts = timeouts;
    this.udp = udp;
    this.redirector = redirector;
    this.agent = agent;
    this.quiet = quiet;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Reads a config file (UTF-8). Errors are reported against the file name as given.
   *
   * @throws ConfigException if the file cannot be read or is wrong
   */
  public static SocksifyConfig load(Path file) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), "no such file");
    } catch (CharacterCodingException e) {
      throw new ConfigException(file.toString(), "not UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read: " + e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses config text; {@code sourceName} is what error messages call it (usually the file name).
   *
   * @throws ConfigException naming {@code sourceName:LINE} and what is wrong
   */
  public static SocksifyConfig parse(String text, String sourceName) {
    return ConfigBuilder.build(ConfigParser.parse(text, sourceName));
  }

  /**
   * One chain, named {@code default}, of the given proxy URLs in order, with every setting at its default.
   * DNS is fake-ip (names go to the chain) when the last hop's scheme carries names (socks5h, socks4a, http),
   * local otherwise.
   *
   * @throws ConfigException naming the URL's position, e.g. {@code proxy URL 2 ('socks5://alice:****@h:0')}
   */
  public static SocksifyConfig fromProxyUrls(String commaSeparated) {
    return fromHops(ProxyUrl.parseList(commaSeparated));
  }

  /** As {@link #fromProxyUrls(String)}, one URL per element (a repeated {@code --proxy URL} option). */
  public static SocksifyConfig fromProxyUrls(List<String> urls) {
    return fromHops(ProxyUrl.parseAll(urls));
  }

  private static SocksifyConfig fromHops(List<Hop> hops) {
    ConfigAssembly assembly = new ConfigAssembly("proxy URLs");
    ChainDraft chain = new ChainDraft(ConfigAssembly.PROXYLIST_CHAIN, null);
    for (Hop hop : hops) {
      chain.hops.add(new HopDraft(hop, false, null));
    }
    assembly.chains.put(chain.name, chain);
    return ConfigBuilder.build(assembly);
  }

  /**
   * What {@code -javaagent:socksify.jar=ARG} means: the path of an existing file is loaded as a config file,
   * anything else is read as a list of proxy URLs. When neither works the message says what was tried.
   */
  public static SocksifyConfig fromAgentArgument(String arg) {
    if (arg == null || arg.isBlank()) {
      throw new ConfigException("agent argument", "is empty; give a config file path or proxy URLs like"
          + " socks5h://127.0.0.1:1080");
    }
    String trimmed = arg.strip();
    if (!ProxyUrl.looksLikeUrl(trimmed)) {
      Path path;
      try {
        path = Path.of(trimmed);
      } catch (java.nio.file.InvalidPathException e) {
        path = null;
      }
      if (path != null && Files.isRegularFile(path)) {
        return load(path);
      }
      String why = path != null && Files.exists(path) ? "exists but is not a regular file" : "no such file";
      throw new ConfigException("agent argument '" + ProxyUrl.mask(trimmed) + "'", "is neither a config file ("
          + why + ") nor a list of proxy URLs (no SCHEME:// in it, e.g. socks5h://127.0.0.1:1080)");
    }
    try {
      return fromProxyUrls(trimmed);
    } catch (ConfigException e) {
      throw new ConfigException(e.source(), e.line(), e.problem() + " (the agent argument was read as proxy URLs"
          + " because it contains '://'; no file of that name was tried)");
    }
  }

  /** The file name or {@code proxy URLs}. */
  public String source() {
    return source;
  }

  /** Every chain by name, in the order defined. */
  public Map<String, Chain> chains() {
    return chains;
  }

  /** Every hop of every chain, each once, in the order defined. */
  public List<Hop> hops() {
    return chains.values().stream().flatMap(c -> c.hops().stream()).distinct().toList();
  }

  /** The chain with this name. */
  public Optional<Chain> chain(String name) {
    return Optional.ofNullable(chains.get(name));
  }

  /**
   * The chain the default rule uses; if the default rule is direct or block, the {@code [ProxyList]} chain, or
   * else the first chain defined.
   */
  public Chain defaultChain() {
    return defaultChain;
  }

  /** The routing rules, built-in ones included (see docs/CONFIG.md). */
  public Rules rules() {
    return rules;
  }

  public DnsSettings dns() {
    return dns;
  }

  /** The global connect and read timeouts (each hop carries its own, which may be a chain's override). */
  public Timeouts timeouts() {
    return timeouts;
  }

  public UdpSettings udp() {
    return udp;
  }

  public RedirectorSettings redirector() {
    return redirector;
  }

  public AgentSettings agent() {
    return agent;
  }

  /** proxychains' {@code quiet_mode}: log only errors. */
  public boolean quiet() {
    return quiet;
  }

  /** Accepted but suspicious input, each as {@code FILE:LINE: what}; never holds a password. */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("config ").append(source).append('\n');
    chains.values().forEach(c -> out.append("  chain ").append(c).append('\n'));
    out.append("  default chain ").append(defaultChain.name()).append('\n');
    out.append("  ").append(dns).append('\n');
    out.append("  rules:\n");
    for (String rule : rules.toString().split("\n")) {
      out.append("    ").append(rule).append('\n');
    }
    return out.toString();
  }
}
