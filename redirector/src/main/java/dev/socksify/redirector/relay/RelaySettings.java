package dev.socksify.redirector.relay;

import dev.socksify.redirector.splice.SpliceEngine;
import java.util.Objects;

/**
 * What every accepted flow needs.
 *
 * @param policy picks the way out per destination
 * @param engine relays established flows with splice(2); {@code null}: Netty relays them, with buffer copies
 * @param maxFlows the most flows at once (0: no cap); more are reset at once
 * @param stats counters for status
 */
public record RelaySettings(FlowPolicy policy, SpliceEngine engine, int maxFlows, FlowStats stats) {
  public RelaySettings {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(stats, "stats");
    if (maxFlows < 0) {
      throw new IllegalArgumentException("maxFlows < 0");
    }
  }
}
