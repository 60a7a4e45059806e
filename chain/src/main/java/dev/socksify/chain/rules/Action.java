package dev.socksify.chain.rules;

/** What a rule does with a connection it matches. */
public enum Action {
  /** Through the named chain. */
  CHAIN("chain"),
  /** Straight to the destination, no proxy. */
  DIRECT("direct"),
  /** Not at all: the connection fails with an error naming the rule. */
  BLOCK("block");

  private final String keyword;

  Action(String keyword) {
    this.keyword = keyword;
  }

  /** The word config files use for it. */
  public String keyword() {
    return keyword;
  }

  @Override
  public String toString() {
    return keyword;
  }
}
