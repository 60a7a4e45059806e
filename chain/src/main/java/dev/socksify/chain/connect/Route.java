package dev.socksify.chain.connect;

import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.ProxyType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One attempt's plan: where to open the TCP connection (hop 1, resolved) and what each hop is asked to reach,
 * in order. Hop N is asked for hop N+1 as configured ({@link Hop#address()}, unresolved for names); the last
 * hop for the destination. A hop whose scheme sends addresses (socks4, socks5: not {@link
 * ProxyType#remoteDns()}) gets its target resolved here first, as curl does for those schemes; the others get
 * the name.
 */
public record Route(List<Hop> hops, InetSocketAddress firstHop, List<HopContext> steps) {
  public Route {
    hops = List.copyOf(hops);
    steps = List.copyOf(steps);
  }

  /**
   * Plans an attempt through {@code hops} to {@code destination}, resolving names where needed.
   *
   * @throws HopUnreachableException hop 1's own name does not resolve (hop 1 counts as dead)
   * @throws HopRefusedException a target that must be resolved here does not resolve; for a next hop's name
   *     that hop counts as dead, for the destination the connection fails, either way with {@link
   *     DirectFailure#UNKNOWN_HOST}
   */
  public static Route plan(List<Hop> hops, InetSocketAddress destination, HostResolver resolver)
      throws HopUnreachableException, HopRefusedException {
    List<InetSocketAddress> targets = new ArrayList<>(hops.size());
    for (int i = 1; i < hops.size(); i++) {
      targets.add(hops.get(i).address());
    }
    targets.add(destination);

    Hop first = hops.get(0);
    InetSocketAddress firstAddress = first.address();
    if (firstAddress.isUnresolved()) {
      try {
        firstAddress = new InetSocketAddress(resolver.resolve(first.host()), first.port());
      } catch (UnknownHostException e) {
        throw new HopUnreachableException(
            new HopContext(1, first, targets.get(0)),
            "cannot resolve proxy host: " + HopFailures.describe(e),
            DirectFailure.UNKNOWN_HOST,
            e);
      }
    }

    List<HopContext> steps = new ArrayList<>(hops.size());
    for (int i = 0; i < hops.size(); i++) {
      Hop hop = hops.get(i);
      InetSocketAddress target = targets.get(i);
      if (target.isUnresolved() && !hop.type().remoteDns()) {
        target = resolveLocally(new HopContext(i + 1, hop, target), resolver);
      }
      steps.add(new HopContext(i + 1, hop, target));
    }
    return new Route(hops, firstAddress, steps);
  }

  /** Whether {@link #plan} would call the resolver (the Netty runner then plans off the event loop). */
  public static boolean needsResolution(List<Hop> hops, InetSocketAddress destination) {
    if (hops.get(0).address().isUnresolved()) {
      return true;
    }
    for (int i = 0; i < hops.size(); i++) {
      InetSocketAddress target = i + 1 < hops.size() ? hops.get(i + 1).address() : destination;
      if (target.isUnresolved() && !hops.get(i).type().remoteDns()) {
        return true;
      }
    }
    return false;
  }

  private static InetSocketAddress resolveLocally(HopContext step, HostResolver resolver)
      throws HopRefusedException {
    InetSocketAddress target = step.target();
    try {
      InetAddress address = resolver.resolve(target.getHostString());
      return new InetSocketAddress(address, target.getPort());
    } catch (UnknownHostException e) {
      throw new HopRefusedException(
          step,
          "cannot resolve "
              + target.getHostString()
              + " on this host ("
              + step.hop().type().scheme()
              + " sends an address, not a name)",
          -1,
          DirectFailure.UNKNOWN_HOST);
    }
  }
}
