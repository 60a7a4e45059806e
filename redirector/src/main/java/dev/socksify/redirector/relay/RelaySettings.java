package dev.socksify.redirector.relay;

import java.util.Objects;

/**
 * What every accepted flow needs.
 *
 * @param policy picks the way out per destination
 * @param splice whether splice(2) may be used
 * @param maxFlows the most flows at once (0: no cap); more are reset at once
 * @param stats counters for status
 */
public record RelaySettings(FlowPolicy policy, boolean splice, int maxFlows, FlowStats stats) {
  public RelaySettings {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(stats, "stats");
    if (maxFlows < 0) {
      throw new IllegalArgumentException("maxFlows < 0");
    }
  }
}
