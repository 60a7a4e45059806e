package dev.socksify.chain.mode;

import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Hop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * proxychains' {@code round_robin_chain}: {@code chain_len} hops in configured order, wrapping around, where each
 * selection starts at the hop after the last one the previous selection used. The offset counts positions in the
 * list of hops alive at the time, so with dead hops dropped the rotation continues over the survivors. One
 * instance belongs to one chain and is shared by all its connections.
 */
public final class RoundRobinMode implements ChainMode {
  private final int chainLength;
  private final AtomicLong next = new AtomicLong();

  public RoundRobinMode(int chainLength) {
    if (chainLength < 1) {
      throw new IllegalArgumentException("chain_len must be at least 1: " + chainLength);
    }
    this.chainLength = chainLength;
  }

  public int chainLength() {
    return chainLength;
  }

  @Override
  public List<Hop> select(List<Hop> alive) {
    if (alive.size() < chainLength) {
      throw new IllegalStateException(
          "round_robin chain needs chain_len " + chainLength + " hops alive, " + alive.size() + " left");
    }
    int start = (int) Math.floorMod(next.getAndAdd(chainLength), (long) alive.size());
    List<Hop> selected = new ArrayList<>(chainLength);
    for (int i = 0; i < chainLength; i++) {
      selected.add(alive.get((start + i) % alive.size()));
    }
    return List.copyOf(selected);
  }

  @Override
  public boolean skipsDeadHops() {
    return true;
  }

  @Override
  public String toString() {
    return "round_robin chain_len=" + chainLength;
  }
}
