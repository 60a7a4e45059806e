package dev.socksify.redirector.dns;

import dev.socksify.chain.Hop;
import dev.socksify.chain.dns.DnsMessage;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.chain.rules.Rules;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a query that is not answered from the fake range goes: a name the rules send direct (and the proxies' own
 * names, which the chain cannot resolve for itself) to the system's resolver; everything else to the resolver
 * through the chain, so nothing about the names a user looks up leaves this host except through the proxies.
 */
final class DnsRouting {
  private final Rules rules;
  private final Set<String> hopNames = new HashSet<>();
  private final DnsUpstream chain;
  private final DnsUpstream system;

  /**
   * @param chain the resolver through the chain
   * @param system the system's resolver, or the chain's again when there is none
   */
  DnsRouting(Rules rules, List<Hop> hops, DnsUpstream chain, DnsUpstream system) {
    this.rules = rules;
    this.chain = chain;
    this.system = system;
    for (Hop hop : hops) {
      try {
        hopNames.add(FakeAddressPool.normalize(hop.host()));
      } catch (UnknownHostException | IllegalArgumentException literal) {
        // an address, or no host name at all: nothing to resolve
      }
    }
  }

  /**
   * Whether a name is resolved by the system's resolver: a proxy's own name, or one the rules send direct. The
   * decision is for the name alone (port 0: a rule with a port condition does not decide here).
   *
   * @param name a normalised host name
   */
  boolean sendsDirect(String name) {
    return hopNames.contains(name) || rules.decide(name, null, 0).isDirect();
  }

  /** The upstream for a query that must be forwarded. */
  DnsUpstream upstreamFor(DnsMessage query) {
    Optional<String> name = query.question().flatMap(q -> q.name().hostname());
    if (name.isPresent()) {
      String normalised;
      try {
        normalised = FakeAddressPool.normalize(name.get());
      } catch (UnknownHostException | IllegalArgumentException notAHostName) {
        return chain;
      }
      if (sendsDirect(normalised)) {
        return system;
      }
    }
    return chain;
  }
}
