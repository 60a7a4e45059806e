package dev.socksify.redirector.udp;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.Chain;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.chain.dns.StaleFakeAddressException;
import dev.socksify.chain.rules.Decision;
import dev.socksify.chain.rules.Rules;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * The config's rules for datagrams, as for TCP flows: the original destination's address and port (or, for an
 * address from the fake-IP range, the name behind it) decide between a chain, direct and block. With {@code [udp]
 * enabled off} datagrams a rule sends to a chain are dropped instead: never sent around the chain.
 */
final class UdpRoutes {
  private final Rules rules;
  private final Map<String, Chain> chains;
  private final boolean udpThroughChains;
  private final FakeAddressPool fakes;

  /** @param fakes the fake-IP pool, or null when DNS is not in fake-ip mode */
  UdpRoutes(Rules rules, Map<String, Chain> chains, boolean udpThroughChains, FakeAddressPool fakes) {
    this.rules = rules;
    this.chains = Map.copyOf(chains);
    this.udpThroughChains = udpThroughChains;
    this.fakes = fakes;
  }

  /** Whether {@code original} lies in the fake-IP range (its datagrams go by name). */
  boolean isFake(InetSocketAddress original) {
    return fakes != null && fakes.isFake(original.getAddress());
  }

  UdpRoute route(InetSocketAddress original) {
    Optional<String> name;
    try {
      name = fakes == null ? Optional.empty() : fakes.nameForConnect(original.getAddress());
    } catch (StaleFakeAddressException e) {
      return new UdpRoute.Refused("nothing", e.getMessage());
    }
    Decision decision = name.isPresent()
        ? rules.decide(name.get(), null, original.getPort())
        : rules.decide(null, original.getAddress(), original.getPort());
    InetSocketAddress target = name.map(n -> InetSocketAddress.createUnresolved(n, original.getPort()))
        .orElse(original);
    if (decision.isBlock()) {
      return new UdpRoute.Refused("nothing (blocked)", "blocked by rule " + decision.rule());
    }
    if (decision.isDirect()) {
      if (name.isPresent()) {
        return new UdpRoute.Refused("direct", "rule " + decision.rule() + " sends " + Addresses.format(target)
            + " direct, but its name was answered with a fake address (a port-specific direct rule?)");
      }
      return new UdpRoute.Direct(target);
    }
    Chain chain = chains.get(decision.chain());
    if (chain == null) {
      return new UdpRoute.Refused("nothing", "rule " + decision.rule() + " names chain '" + decision.chain()
          + "', which does not exist");
    }
    if (!udpThroughChains) {
      return new UdpRoute.Refused(UdpRoute.describe(chain), "UDP through chains is off ([udp] enabled off)");
    }
    return new UdpRoute.Chained(chain, target);
  }
}
