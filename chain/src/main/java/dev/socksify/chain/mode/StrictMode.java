package dev.socksify.chain.mode;

import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Hop;
import java.util.List;

/** Placeholder until the chain runner lands. */
public final class StrictMode implements ChainMode {
  @Override
  public List<Hop> select(List<Hop> alive) {
    return alive;
  }

  @Override
  public boolean skipsDeadHops() {
    return false;
  }
}
