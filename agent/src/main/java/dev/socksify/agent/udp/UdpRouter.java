package dev.socksify.agent.udp;

import dev.socksify.agent.connect.Routing;
import dev.socksify.agent.connect.Router;
import java.net.InetSocketAddress;

/**
 * Routes datagrams with the same rules as connections ({@link Router}: the proxies' own addresses and loopback
 * direct, then the configuration's rules, then the default chain), plus what only UDP has: multicast goes direct
 * (no SOCKS5 relay can join a group for the app), and with {@code [udp] enabled off} a chain decision is refused.
 */
final class UdpRouter {
  private final Router router;
  private final boolean udpEnabled;

  UdpRouter(Router router, boolean udpEnabled) {
    this.router = router;
    this.udpEnabled = udpEnabled;
  }

  Routing route(InetSocketAddress target) {
    if (!target.isUnresolved() && target.getAddress().isMulticastAddress()) {
      return new Routing.Direct("multicast, which no proxy relays");
    }
    Routing route = router.route(target);
    if (route instanceof Routing.ViaChain && !udpEnabled) {
      return new Routing.Refused("socksify: UDP through the chain is off ([udp] enabled off)");
    }
    return route;
  }

  /** Whether a datagram straight from {@code sender} is one the app may see: the rules send that address direct. */
  boolean isDirect(InetSocketAddress sender) {
    return route(sender) instanceof Routing.Direct;
  }
}
