package dev.socksify.chain.config;

import java.util.Locale;

/** Where destination names are resolved. */
public enum DnsMode {
  /** By this host's resolver; the chain is given addresses (proxychains without {@code proxy_dns}). */
  LOCAL("local"),
  /**
   * Lookups are answered with addresses from the fake subnet and the name behind one is sent to the chain, so
   * the last hop resolves it and no query leaves this host (proxychains' {@code proxy_dns}; config word
   * {@code fake-ip}, or {@code remote}).
   */
  FAKE_IP("fake-ip"),
  /** Queries are forwarded through the chain to the configured resolver (DNS over TCP via CONNECT). */
  FORWARD("forward");

  private final String keyword;

  DnsMode(String keyword) {
    this.keyword = keyword;
  }

  /** The config word. */
  public String keyword() {
    return keyword;
  }

  /** The mode for a config word ({@code remote} means {@link #FAKE_IP}), or {@code null}. */
  public static DnsMode ofKeyword(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    if (w.equals("remote") || w.equals("fake_ip") || w.equals("fakeip")) {
      return FAKE_IP;
    }
    for (DnsMode mode : values()) {
      if (mode.keyword.equals(w)) {
        return mode;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return keyword;
  }
}
