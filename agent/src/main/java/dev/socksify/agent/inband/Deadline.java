package dev.socksify.agent.inband;

import java.time.Duration;

/** The app's connect timeout as a point in time, which every hop's own timeout is capped by. */
public final class Deadline {
  private static final Deadline NONE = new Deadline(0, false);

  private final long atNanos;
  private final boolean bounded;

  private Deadline(long atNanos, boolean bounded) {
    this.atNanos = atNanos;
    this.bounded = bounded;
  }

  /** No app timeout: only the hops' own timeouts apply. */
  public static Deadline none() {
    return NONE;
  }

  /** {@code nanos} from now; 0 means none. */
  public static Deadline in(long nanos) {
    return nanos > 0 ? new Deadline(System.nanoTime() + nanos, true) : NONE;
  }

  public boolean bounded() {
    return bounded;
  }

  /**
   * How long the next wait may take: {@code hopLimit} capped by what is left of the app's timeout, at least 1 ms
   * while time is left, 0 once it ran out.
   */
  public long waitMillis(Duration hopLimit) {
    long hop = hopLimit.toMillis();
    if (!bounded) {
      return hop;
    }
    long left = atNanos - System.nanoTime();
    if (left <= 0) {
      return 0;
    }
    return Math.min(hop, Math.max(1, (left + 999_999) / 1_000_000));
  }

  /** True once the app's timeout has passed. */
  public boolean expired() {
    return bounded && atNanos - System.nanoTime() <= 0;
  }
}
