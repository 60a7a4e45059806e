package dev.socksify.redirector.relay;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A flow's place in the open-flow count (and the max_flows cap). Freed once, by whoever ends the flow: the
 * client channel's close while Netty holds the flow, the splice engine after it took it over.
 */
final class FlowSlot {
  private final FlowStats stats;
  private final AtomicBoolean held = new AtomicBoolean(true);
  private volatile boolean handedOff;

  FlowSlot(FlowStats stats) {
    this.stats = stats;
  }

  /** The client channel closed: frees the slot unless the engine carries the flow on. */
  void clientChannelClosed() {
    if (!handedOff) {
      release();
    }
  }

  /** The engine has the flow now; Netty's channels closing no longer ends it. */
  void handOff() {
    handedOff = true;
  }

  void release() {
    if (held.compareAndSet(true, false)) {
      stats.closed();
    }
  }
}
