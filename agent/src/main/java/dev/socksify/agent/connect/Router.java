package dev.socksify.agent.connect;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides each destination's route. Loopback stays local and the proxies themselves are reached directly (the chain
 * starts with a direct connect to hop 1, and an app may talk to a proxy on its own); everything else takes the
 * chain, so nothing leaks by default. Rules (issue 4) will slot in here.
 */
public final class Router {
  private final Chain chain;
  private final List<Hop> proxies;
  private final Set<InetSocketAddress> proxyEndpoints = ConcurrentHashMap.newKeySet();
  private volatile boolean proxyNamesResolved;

  public Router(Chain chain, List<Hop> proxies) {
    this.chain = chain;
    this.proxies = List.copyOf(proxies);
    for (Hop hop : proxies) {
      InetSocketAddress address = hop.address();
      if (!address.isUnresolved()) {
        proxyEndpoints.add(address);
      }
    }
  }

  public Route route(InetSocketAddress target) {
    InetAddress address = target.getAddress();
    if (address.isLoopbackAddress()) {
      return new Route.Direct("loopback");
    }
    if (isProxy(target)) {
      return new Route.Direct("proxy endpoint");
    }
    return new Route.ViaChain(chain);
  }

  private boolean isProxy(InetSocketAddress target) {
    if (proxyEndpoints.contains(target)) {
      return true;
    }
    if (!proxyNamesResolved) {
      resolveProxyNames();
      return proxyEndpoints.contains(target);
    }
    return false;
  }

  // Hops given by name are resolved on first need, not in premain: start-up must not wait on DNS.
  private void resolveProxyNames() {
    for (Hop hop : proxies) {
      if (hop.address().isUnresolved()) {
        try {
          for (InetAddress address : InetAddress.getAllByName(hop.host())) {
            proxyEndpoints.add(new InetSocketAddress(address, hop.port()));
          }
        } catch (UnknownHostException e) {
          // a hop that does not resolve cannot be an app's destination either
        }
      }
    }
    proxyNamesResolved = true;
  }
}
