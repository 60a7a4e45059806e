package dev.socksify.chain.udp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counters of one association: datagrams sent and received, and those dropped by reason. Thread-safe. */
public final class UdpStats {
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLongArray dropped = new AtomicLongArray(Unwrapped.Reason.values().length);

  /** Counts a datagram sent. */
  public void sent() {
    sent.incrementAndGet();
  }

  /** Counts a datagram passed to the application. */
  public void received() {
    received.incrementAndGet();
  }

  /** Counts a datagram dropped for {@code reason}. */
  public void dropped(Unwrapped.Reason reason) {
    dropped.incrementAndGet(reason.ordinal());
  }

  public long sentCount() {
    return sent.get();
  }

  public long receivedCount() {
    return received.get();
  }

  /** How many datagrams were dropped for {@code reason}. */
  public long droppedCount(Unwrapped.Reason reason) {
    return dropped.get(reason.ordinal());
  }

  /** Every drop counter, by reason. */
  public Map<Unwrapped.Reason, Long> dropped() {
    Map<Unwrapped.Reason, Long> out = new EnumMap<>(Unwrapped.Reason.class);
    for (Unwrapped.Reason reason : Unwrapped.Reason.values()) {
      out.put(reason, droppedCount(reason));
    }
    return out;
  }

  @Override
  public String toString() {
    return "sent " + sentCount() + ", received " + receivedCount() + ", dropped " + dropped();
  }
}
