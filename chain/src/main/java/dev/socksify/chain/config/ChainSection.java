package dev.socksify.chain.config;

import dev.socksify.chain.Credentials;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code [ProxyList]} (the chain named {@code default}) and {@code [chain NAME]}: hop lines, either as
 * proxychains writes them ({@code socks5 192.168.67.78 1080 lamer secret}) or as one proxy URL, plus the
 * chain's own mode, {@code chain_len} and timeouts.
 */
final class ChainSection implements Section {
  private static final String HOP_SHAPE = "expected TYPE HOST PORT [USER [PASSWORD]] or a proxy URL";

  private final ChainDraft chain;
  private final ConfigAssembly assembly;

  ChainSection(ChainDraft chain, ConfigAssembly assembly) {
    this.chain = chain;
    this.assembly = assembly;
  }

  @Override
  public void accept(Line line) {
    String first = line.word(0);
    if (ProxyUrl.looksLikeUrl(first)) {
      acceptUrl(line);
      return;
    }
    String type = first.toLowerCase(Locale.ROOT);
    if (type.equals("raw")) {
      throw line.error("proxy type 'raw' is not supported: it passes bytes to the proxy unchanged, so it cannot"
          + " carry a destination or be chained (use socks4, socks5 or http)");
    }
    ProxyType proxyType = ProxyType.ofScheme(type);
    if (proxyType != null) {
      chain.hops.add(new HopDraft(proxychainsHop(proxyType, line), true, line));
      return;
    }
    if (chain.settings.accept(line, assembly)) {
      return;
    }
    if (line.size() >= 3 && line.word(2).chars().allMatch(Character::isDigit)) {
      // Looks like a hop with a mistyped type: dropping it would silently change the chain.
      throw line.error("unknown proxy type '" + first + "' (expected socks4, socks4a, socks5, socks5h or http)");
    }
    assembly.warnUnknown(line, "in " + chain.label());
  }

  private void acceptUrl(Line line) {
    if (line.size() > 1 && !line.word(1).startsWith("#")) {
      throw line.error("a proxy URL line holds one URL; put further hops on their own lines");
    }
    Hop hop = ProxyUrl.parse(line.word(0), line.source, line.number);
    chain.hops.add(new HopDraft(hop, false, line));
  }

  private Hop proxychainsHop(ProxyType type, Line line) {
    int size = line.size();
    // A '#' where the user name would be starts a comment; a password that starts with '#' stays a password.
    if (size > 3 && line.word(3).startsWith("#")) {
      size = 3;
    } else if (size > 5 && line.word(5).startsWith("#")) {
      size = 5;
    }
    if (size < 3 || size > 5) {
      throw line.error(HOP_SHAPE + "; found " + size + " fields");
    }
    String host = host(line.word(1), line);
    int port = ProxyUrl.port(line.word(2), line.source, line.number);
    Hop hop = new Hop(type, host, port);
    if (size == 3) {
      return hop;
    }
    String user = line.word(3);
    String password = size == 5 ? line.word(4) : "";
    if ((type == ProxyType.SOCKS4 || type == ProxyType.SOCKS4A) && !password.isEmpty()) {
      assembly.warn(line, "SOCKS4 has no passwords: only the user id is sent to " + hop);
    }
    if (type == ProxyType.SOCKS5 || type == ProxyType.SOCKS5H) {
      if (user.getBytes(StandardCharsets.UTF_8).length > 255 || password.getBytes(StandardCharsets.UTF_8).length > 255) {
        throw line.error("user name or password longer than 255 bytes (RFC 1929 limit)");
      }
    }
    return hop.withCredentials(new Credentials(user, password));
  }

  private static String host(String word, Line line) {
    if (word.startsWith("[") && word.endsWith("]")) {
      return ProxyUrl.ipv6(word.substring(1, word.length() - 1), line.source, line.number);
    }
    if (word.indexOf(':') >= 0) {
      return ProxyUrl.ipv6(word, line.source, line.number);
    }
    ProxyUrl.checkHost(word, line.source, line.number);
    return word;
  }
}
