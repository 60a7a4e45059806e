package dev.socksify.chain.mode;

import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Hop;
import java.util.List;

/** Placeholder until the chain runner lands. */
public final class RandomMode implements ChainMode {
  private final int chainLength;

  public RandomMode(int chainLength) {
    this.chainLength = chainLength;
  }

  @Override
  public List<Hop> select(List<Hop> alive) {
    return alive.subList(0, Math.min(chainLength, alive.size()));
  }

  @Override
  public boolean skipsDeadHops() {
    return true;
  }
}
