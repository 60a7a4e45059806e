package dev.socksify.redirector.udp;

import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What the UDP relay did, for {@code status} and the tests. Updated from every event loop. */
public final class UdpCounters {
  private final AtomicInteger open = new AtomicInteger();
  private final LongAdder flows = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder replies = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder unsupported = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final ChannelFutureListener sendWritten = f -> {
    if (f.isSuccess()) {
      sent.increment();
    } else {
      dropped.increment();
    }
  };
  private final ChannelFutureListener replyWritten = f -> {
    if (f.isSuccess()) {
      replies.increment();
    } else {
      dropped.increment();
    }
  };

  void flowOpened() {
    open.incrementAndGet();
    flows.increment();
  }

  void flowClosed() {
    open.decrementAndGet();
  }

  void drop() {
    dropped.increment();
  }

  /** A flow's datagrams met a chain with a hop that cannot carry UDP. */
  void unsupportedFlow() {
    unsupported.increment();
  }

  /** A flow's association could not be opened for another reason (hop down, refused). */
  void failedFlow() {
    failed.increment();
  }

  /** Counts a datagram sent upstream once written, or dropped if the write failed. */
  ChannelFutureListener sendWritten() {
    return sendWritten;
  }

  /** Counts a reply sent to a client once written, or dropped if the write failed. */
  ChannelFutureListener replyWritten() {
    return replyWritten;
  }

  public int openFlows() {
    return open.get();
  }

  public long flows() {
    return flows.sum();
  }

  public long sent() {
    return sent.sum();
  }

  public long replies() {
    return replies.sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  public long unsupported() {
    return unsupported.sum();
  }

  public long failed() {
    return failed.sum();
  }

  @Override
  public String toString() {
    return openFlows() + " open, " + flows() + " flows, " + sent() + " datagrams sent, " + replies() + " replies, "
        + dropped() + " dropped, " + unsupported() + " flows met a hop without UDP, " + failed() + " failed";
  }
}
