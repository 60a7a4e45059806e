package dev.socksify.redirector.cli;

import dev.socksify.chain.config.SocksifyConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where the chain comes from: a config file or proxy URLs in chain order (shared by run, rules, check). */
final class ChainOptions {
  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Source source;

  static final class Source {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
        description = "Config file: a proxychains.conf or socksify's own format (see docs/CONFIG.md).")
    Path config;

    @Option(names = {"-p", "--proxy"}, paramLabel = "URL", converter = HopConverter.class,
        description = "A hop as a URL, repeated in chain order: socks4://, socks4a://, socks5://, socks5h://,"
            + " http:// (CONNECT), e.g. socks5://user:pass@10.0.0.5:1080. Prefer a config file for passwords:"
            + " command lines are visible in ps.")
    List<ProxyArgument> proxies;
  }

  boolean given() {
    return source != null;
  }

  /**
   * The configuration given.
   *
   * @throws dev.socksify.chain.config.ConfigException naming file:line or the URL, never a password
   */
  SocksifyConfig load() {
    if (source.config != null) {
      return SocksifyConfig.load(source.config);
    }
    return SocksifyConfig.fromProxyUrls(source.proxies.stream().map(ProxyArgument::url).toList());
  }
}
