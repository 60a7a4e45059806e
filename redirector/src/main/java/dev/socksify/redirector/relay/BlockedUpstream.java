package dev.socksify.redirector.relay;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;

/** A rule said {@code block}: every flow is refused at once, and the log line names the rule. */
public final class BlockedUpstream implements Upstream {
  private final String rule;

  /** @param rule how the rule is shown, e.g. {@code rule 3 (block 10.0.0.0/8)} */
  public BlockedUpstream(String rule) {
    this.rule = rule;
  }

  @Override
  public Future<Tunnel> open(EventLoop loop, InetSocketAddress destination) {
    return loop.newFailedFuture(new IOException("blocked by " + rule));
  }

  @Override
  public String via() {
    return "nothing (blocked)";
  }
}
