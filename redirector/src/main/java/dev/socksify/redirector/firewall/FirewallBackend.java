package dev.socksify.redirector.firewall;

import java.util.List;

/**
 * One way of installing the redirect rules. Everything a backend installs is named with the {@link #PREFIX}
 * ({@code SOCKSIFY*} chains, {@code socksify*} tables), which is how leftovers of a crashed run are found.
 */
public interface FirewallBackend {
  /** Chains (iptables) and tables (nftables) whose name starts with this, in any case, are ours. */
  String PREFIX = "socksify";

  /** {@code iptables} or {@code nftables}. */
  String name();

  /** The tools this backend needs, for a clear error before anything is changed. */
  List<String> tools();

  /** Exactly what {@link #install} runs, in order. */
  List<RuleScript> render(FirewallPlan plan);

  /** Applies {@link #render}; on failure, removes whatever part of it went in, then throws. */
  void install(FirewallPlan plan) throws FirewallException;

  /** What of ours is installed now, one human-readable line each (empty: nothing). */
  List<String> installed() throws FirewallException;

  /** Removes everything of ours, whoever installed it and with whatever options; a no-op when clean. */
  void removeAll() throws FirewallException;
}
