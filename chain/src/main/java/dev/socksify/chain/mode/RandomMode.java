package dev.socksify.chain.mode;

import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Hop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * proxychains' {@code random_chain}: {@code chain_len} distinct hops, drawn at random from those alive, in
 * random order. Tests pass a seeded {@link Random} to make the draw repeatable.
 */
public final class RandomMode implements ChainMode {
  private final int chainLength;
  private final Random random;

  public RandomMode(int chainLength) {
    this(chainLength, new Random());
  }

  /** @param random the source of the draw; {@link Random} is thread-safe, so one chain may serve many threads */
  public RandomMode(int chainLength, Random random) {
    if (chainLength < 1) {
      throw new IllegalArgumentException("chain_len must be at least 1: " + chainLength);
    }
    this.chainLength = chainLength;
    this.random = random;
  }

  public int chainLength() {
    return chainLength;
  }

  @Override
  public List<Hop> select(List<Hop> alive) {
    if (alive.size() < chainLength) {
      throw new IllegalStateException(
          "random chain needs chain_len " + chainLength + " hops alive, " + alive.size() + " left");
    }
    List<Hop> shuffled = new ArrayList<>(alive);
    Collections.shuffle(shuffled, random);
    return List.copyOf(shuffled.subList(0, chainLength));
  }

  @Override
  public boolean skipsDeadHops() {
    return true;
  }

  @Override
  public String toString() {
    return "random chain_len=" + chainLength;
  }
}
