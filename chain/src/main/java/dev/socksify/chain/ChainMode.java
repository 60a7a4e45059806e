package dev.socksify.chain;

import dev.socksify.chain.mode.DynamicMode;
import dev.socksify.chain.mode.RandomMode;
import dev.socksify.chain.mode.RoundRobinMode;
import dev.socksify.chain.mode.StrictMode;
import java.util.List;

/**
 * How a chain picks the hops for one connection, as proxychains' {@code strict_chain}, {@code dynamic_chain},
 * {@code random_chain} and {@code round_robin_chain}. Each mode is a small strategy in {@code chain.mode}.
 */
public interface ChainMode {
  /**
   * The hops to use, in order, chosen from {@code alive} (the chain's hops minus those found dead during this
   * connection attempt, in configured order).
   *
   * @throws IllegalStateException if too few hops are alive for this mode
   */
  List<Hop> select(List<Hop> alive);

  /** Whether a hop found unreachable may be dropped and the connection retried without it. */
  boolean skipsDeadHops();

  static ChainMode strict() {
    return new StrictMode();
  }

  static ChainMode dynamic() {
    return new DynamicMode();
  }

  static ChainMode random(int chainLength) {
    return new RandomMode(chainLength);
  }

  static ChainMode roundRobin(int chainLength) {
    return new RoundRobinMode(chainLength);
  }
}
