package dev.socksify.redirector.relay;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counts flows for {@code status} and enforces the flow cap. Updated from every event loop. */
public final class FlowStats {
  private final AtomicInteger open = new AtomicInteger();
  private final LongAdder relayed = new LongAdder();
  private final LongAdder failed = new LongAdder();

  /** Takes a slot for a new flow unless {@code max} (0: none) are open; false means refuse it. */
  boolean tryOpen(int max) {
    while (true) {
      int now = open.get();
      if (max > 0 && now >= max) {
        return false;
      }
      if (open.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void relaying() {
    relayed.increment();
  }

  void failed() {
    failed.increment();
  }

  void closed() {
    open.decrementAndGet();
  }

  public int open() {
    return open.get();
  }

  public long relayed() {
    return relayed.sum();
  }

  public long failedCount() {
    return failed.sum();
  }
}
