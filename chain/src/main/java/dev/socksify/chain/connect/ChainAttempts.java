package dev.socksify.chain.connect;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's walk through a chain under its {@link ChainMode}: which hops the next attempt uses, and after
 * a failure, which hop it shows dead and whether to try again without it. Both runners drive it the same way:
 *
 * <pre>{@code
 * ChainAttempts attempts = new ChainAttempts(chain);
 * while (true) {
 *   List<Hop> hops = attempts.select();
 *   try { return attempt(hops); } catch (ChainException e) { attempts.failed(e, hops); }
 * }
 * }</pre>
 *
 * <p>A failure shows a hop dead as follows (hop k is the hop whose step failed, counted within the attempt):
 *
 * <ul>
 *   <li>{@link HopUnreachableException} at hop k (TCP connect to hop 1 failed, timeout, EOF, garbage): hop k
 *       itself is dead or broken. The hop before it did connect to it, so blaming hop k+1, as proxychains does,
 *       would drop a healthy hop and keep the broken one.
 *   <li>{@link HopRefusedException} at hop k, not the last: hop k answered but could not reach hop k+1, so hop
 *       k+1 is dead (also when hop k+1's name does not resolve here).
 *   <li>{@link HopRefusedException#refusesClient()} (authentication failed) at hop k: hop k will not serve us, so
 *       it counts as dead like an unreachable one.
 *   <li>{@link HopRefusedException} at the last hop: the destination refused; no hop is dead and no retry helps.
 * </ul>
 *
 * <p>Not thread-safe: one instance per connection attempt.
 */
public final class ChainAttempts {
  private final Chain chain;
  private final List<Hop> alive;
  private final List<ChainException> failures = new ArrayList<>();

  public ChainAttempts(Chain chain) {
    this.chain = chain;
    this.alive = new ArrayList<>(chain.hops());
  }

  /**
   * The hops for the next attempt, in order.
   *
   * @throws HopUnreachableException too few hops are left alive for the mode; its message says so and ends with
   *     the last failure, which is its cause (earlier ones are suppressed)
   * @throws IllegalStateException the chain never had enough hops for its mode (a configuration error)
   */
  public List<Hop> select() throws HopUnreachableException {
    try {
      return chain.mode().select(List.copyOf(alive));
    } catch (IllegalStateException tooFew) {
      if (failures.isEmpty()) {
        throw new IllegalStateException("chain '" + chain.name() + "': " + tooFew.getMessage(), tooFew);
      }
      throw noneLeft(tooFew.getMessage());
    }
  }

  /**
   * Records a failed attempt through {@code used}. Returns normally if the mode skips dead hops and the failure
   * showed one, which is now dropped; otherwise throws {@code failure}, the error to report.
   */
  public void failed(ChainException failure, List<Hop> used) throws ChainException {
    Hop dead = deadHop(failure, used);
    // each retry removes a hop from alive, so a connection makes at most as many attempts as the chain has hops
    if (dead == null || !chain.mode().skipsDeadHops() || !alive.remove(dead)) {
      throw failure;
    }
    failures.add(failure);
  }

  /** The hops found dead so far during this connection, in the order they were found. */
  public List<Hop> deadHops() {
    List<Hop> dead = new ArrayList<>(chain.hops());
    for (Hop hop : alive) {
      dead.remove(hop);
    }
    return dead;
  }

  /** The hop {@code failure} shows dead, or {@code null} if it shows none (see the class comment). */
  static Hop deadHop(ChainException failure, List<Hop> used) {
    int k = failure.context().index();
    if (failure instanceof HopUnreachableException
        || (failure instanceof HopRefusedException refused && refused.refusesClient())) {
      return used.get(k - 1);
    }
    return k < used.size() ? used.get(k) : null;
  }

  private HopUnreachableException noneLeft(String why) {
    ChainException last = failures.get(failures.size() - 1);
    String lastWhat = last.getMessage().substring(last.context().toString().length() + 2);
    HopUnreachableException e =
        new HopUnreachableException(
            last.context(),
            "chain '" + chain.name() + "' (" + chain.mode() + "): " + why + "; last failure: " + lastWhat,
            last.directFailure(),
            last);
    for (ChainException earlier : failures.subList(0, failures.size() - 1)) {
      e.addSuppressed(earlier);
    }
    return e;
  }
}
