package dev.socksify.chain.mode;

import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Hop;
import java.util.List;

/** proxychains' {@code dynamic_chain}: the hops still alive, in configured order; at least one must be. */
public final class DynamicMode implements ChainMode {
  @Override
  public List<Hop> select(List<Hop> alive) {
    if (alive.isEmpty()) {
      throw new IllegalStateException("dynamic chain: no hop left alive (needs at least 1)");
    }
    return List.copyOf(alive);
  }

  @Override
  public boolean skipsDeadHops() {
    return true;
  }

  @Override
  public String toString() {
    return "dynamic";
  }
}
