package dev.socksify.chain;

import java.util.List;
import java.util.Objects;

/**
 * A named, ordered list of hops and the mode that picks which of them one connection uses. Hop N is asked, in
 * its own protocol, to connect to hop N+1; the last hop connects to the destination.
 */
public record Chain(String name, List<Hop> hops, ChainMode mode) {
  public Chain {
    Objects.requireNonNull(name, "name");
    hops = List.copyOf(hops);
    Objects.requireNonNull(mode, "mode");
    if (hops.isEmpty()) {
      throw new IllegalArgumentException("chain '" + name + "' has no hops");
    }
  }

  /** A strict chain of the given hops. */
  public static Chain strict(String name, List<Hop> hops) {
    return new Chain(name, hops, ChainMode.strict());
  }

  @Override
  public String toString() {
    return name + " (" + mode + "): " + hops;
  }
}
