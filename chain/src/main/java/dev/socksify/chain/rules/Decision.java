package dev.socksify.chain.rules;

import java.util.Objects;

/**
 * The outcome of {@link Rules#decide}: what to do with one connection and which rule said so. Each rule owns
 * its decision, built once, so deciding allocates nothing.
 */
public final class Decision {
  private final Action action;
  private final String chain;
  private final Rule rule;

  Decision(Action action, String chain, Rule rule) {
    this.action = Objects.requireNonNull(action, "action");
    if ((action == Action.CHAIN) != (chain != null)) {
      throw new IllegalArgumentException("a chain name goes with action chain and only with it");
    }
    this.chain = chain;
    this.rule = rule;
  }

  public Action action() {
    return action;
  }

  /** The chain to use when {@link #action()} is {@link Action#CHAIN}, else {@code null}. */
  public String chain() {
    return chain;
  }

  /** The rule that matched; its {@link Rule#toString()} names it with file:line. */
  public Rule rule() {
    return rule;
  }

  public boolean isChain() {
    return action == Action.CHAIN;
  }

  public boolean isDirect() {
    return action == Action.DIRECT;
  }

  public boolean isBlock() {
    return action == Action.BLOCK;
  }

  /** {@code chain office}, {@code direct} or {@code block}. */
  public String target() {
    return action == Action.CHAIN ? "chain " + chain : action.keyword();
  }

  /** {@code chain office by rule 'domain *.corp.example -> chain office' (socksify.conf:12)}. */
  @Override
  public String toString() {
    return target() + " by rule " + rule;
  }
}
