package dev.socksify.chain.mode;

import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Hop;
import java.util.List;

/**
 * proxychains' {@code strict_chain}: every hop, in configured order. A dead hop fails the connection, naming
 * it, because skipping it would send traffic along a path the user did not choose.
 */
public final class StrictMode implements ChainMode {
  @Override
  public List<Hop> select(List<Hop> alive) {
    if (alive.isEmpty()) {
      throw new IllegalStateException("strict chain has no hops");
    }
    return List.copyOf(alive);
  }

  @Override
  public boolean skipsDeadHops() {
    return false;
  }

  @Override
  public String toString() {
    return "strict";
  }
}
