package dev.socksify.redirector.daemon;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.chain.rules.Cidr;
import dev.socksify.redirector.Log;
import dev.socksify.redirector.firewall.FirewallPlan;
import dev.socksify.redirector.privilege.RunAsUser;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns the options into the values the rule templates need; {@code run} and {@code rules} share it. */
public final class FirewallPlans {
  private FirewallPlans() {}

  /**
   * @param port the port the listener has (or will have)
   * @param ipv6 whether IPv6 rules go in
   * @throws IllegalArgumentException naming an unknown exclude-user
   */
  public static FirewallPlan of(DaemonOptions options, int port, boolean ipv6) {
    Set<Cidr> excludes = new LinkedHashSet<>(options.excludes());
    for (Chain chain : options.chains()) {
      for (Hop hop : chain.hops()) {
        excludes.addAll(hopAddresses(hop));
      }
    }
    List<Integer> uids = new ArrayList<>();
    for (String user : options.excludeUsers()) {
      uids.add(RunAsUser.lookup(user).uid());
    }
    return new FirewallPlan(port, options.mark(), List.copyOf(excludes), uids, options.gateway(),
        options.interfaces(), ipv6);
  }

  /**
   * A hop's addresses: connections to the proxies are never redirected, so other programs that talk to a proxy
   * themselves (or a proxy that chains to the next on its own) cannot loop through the redirector.
   */
  private static List<Cidr> hopAddresses(Hop hop) {
    InetAddress literal = Addresses.literal(hop.host());
    if (literal != null) {
      return List.of(host(literal));
    }
    try {
      return List.of(InetAddress.getAllByName(hop.host())).stream().map(FirewallPlans::host).toList();
    } catch (UnknownHostException e) {
      Log.warn("cannot resolve " + hop + " now, so its address is not excluded from redirection");
      return List.of();
    }
  }

  private static Cidr host(InetAddress address) {
    return Cidr.of(address, address.getAddress().length * 8);
  }
}
