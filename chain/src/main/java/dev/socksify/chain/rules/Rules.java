package dev.socksify.chain.rules;

import java.net.InetAddress;
import java.util.List;

/**
 * The ordered routing rules of a config: the first rule whose conditions all hold decides, else the default
 * rule. Built once; {@link #decide} runs on every connect, so it walks precompiled arrays, compares names in
 * place and allocates at most the address bytes the JDK hands out.
 */
public final class Rules {
  private final List<Rule> rules;
  private final Rule[] ordered;
  private final Rule fallback;
  private final boolean needsAddress;

  /**
   * @param rules the rules in order, first match wins
   * @param fallback the default rule (no conditions), used when none of {@code rules} matches
   */
  public Rules(List<Rule> rules, Rule fallback) {
    if (!fallback.isCatchAll()) {
      throw new IllegalArgumentException("the default rule must have no conditions: " + fallback);
    }
    this.rules = List.copyOf(rules);
    this.ordered = this.rules.toArray(new Rule[0]);
    this.fallback = fallback;
    this.needsAddress = this.rules.stream().anyMatch(r -> !r.cidrs().isEmpty());
  }

  /**
   * What to do with a connection.
   *
   * @param hostOrNull the destination's name if known (a name the app asked for, or the name behind a fake
   *     address), else {@code null}; never an IP literal written as text (pass it as {@code addressOrNull})
   * @param addressOrNull the destination's address if known, else {@code null} (a name not resolved here)
   * @param port the destination port, or 0 if unknown (then no port condition matches)
   */
  public Decision decide(String hostOrNull, InetAddress addressOrNull, int port) {
    int family = Cidr.NONE;
    long hi = 0;
    long lo = 0;
    if (needsAddress && addressOrNull != null) {
      byte[] b = addressOrNull.getAddress();
      family = Cidr.family(b);
      hi = Cidr.high(b);
      lo = Cidr.low(b);
    }
    for (Rule rule : ordered) {
      if (rule.matches(hostOrNull, family, hi, lo, port)) {
        return rule.decision();
      }
    }
    return fallback.decision();
  }

  /** The rules in order, without the default. */
  public List<Rule> list() {
    return rules;
  }

  /** The rule that decides when no other matches. */
  public Rule fallback() {
    return fallback;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Rule rule : ordered) {
      out.append(rule).append('\n');
    }
    return out.append(fallback).toString();
  }
}
