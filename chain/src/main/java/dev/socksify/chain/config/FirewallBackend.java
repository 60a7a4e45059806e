package dev.socksify.chain.config;

import java.util.Locale;

/** Which tool the redirector installs its firewall rules with. */
public enum FirewallBackend {
  IPTABLES("iptables"),
  NFTABLES("nftables");

  private final String keyword;

  FirewallBackend(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }

  /** The backend for a config word, or {@code null}. */
  public static FirewallBackend ofKeyword(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    for (FirewallBackend b : values()) {
      if (b.keyword.equals(w) || (b == NFTABLES && w.equals("nft"))) {
        return b;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return keyword;
  }
}
