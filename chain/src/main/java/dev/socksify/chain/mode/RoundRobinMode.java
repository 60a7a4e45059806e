package dev.socksify.chain.mode;

import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Hop;
import java.util.List;

/** Placeholder until the chain runner lands. */
public final class RoundRobinMode implements ChainMode {
  private final int chainLength;

  public RoundRobinMode(int chainLength) {
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
