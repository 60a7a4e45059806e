package dev.socksify.chain.config;

import java.util.ArrayList;
import java.util.List;

/** A chain section as read: its own settings and hops; the config turns it into a {@link dev.socksify.chain.Chain}. */
final class ChainDraft {
  final String name;
  /** The section header, or {@code null} for a chain from proxy URLs. */
  final Line header;
  final ChainSettings settings = new ChainSettings();
  final List<HopDraft> hops = new ArrayList<>();

  ChainDraft(String name, Line header) {
    this.name = name;
    this.header = header;
  }

  /** How warnings name the section: {@code [ProxyList]} or {@code [chain NAME]}. */
  String label() {
    return header != null && header.word(0).equalsIgnoreCase("[ProxyList]") ? "[ProxyList]" : "[chain " + name + "]";
  }
}
