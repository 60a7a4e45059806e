package dev.socksify.chain.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final InetSocketAddress DB = InetSocketAddress.createUnresolved("db.internal", 5432);
  private final List<String> lookups = new ArrayList<>();
  private final Map<String, String> zone =
      Map.of("db.internal", "10.9.9.9", "proxy-a.test", "10.0.0.1", "proxy-b.test", "10.0.0.2");
  private final HostResolver resolver =
      host -> {
        lookups.add(host);
        String ip = zone.get(host);
        if (ip == null) {
          throw new UnknownHostException(host + ": Name or service not known");
        }
        return InetAddress.getByName(ip);
      };

  @Test
  void eachHopIsAskedForTheNextAndTheLastForTheDestination() throws Exception {
    Hop a = new Hop(ProxyType.SOCKS5H, "10.0.0.1", 1080);
    Hop b = new Hop(ProxyType.HTTP, "proxy-b.test", 3128);
    Hop c = new Hop(ProxyType.SOCKS4A, "10.0.0.3", 1080);
    Route route = Route.plan(List.of(a, b, c), DB, resolver);
    assertEquals(new InetSocketAddress("10.0.0.1", 1080), route.firstHop());
    assertEquals(
        List.of(
            "hop 1 socks5h 10.0.0.1:1080 -> proxy-b.test:3128",
            "hop 2 http proxy-b.test:3128 -> 10.0.0.3:1080",
            "hop 3 socks4a 10.0.0.3:1080 -> db.internal:5432"),
        route.steps().stream().map(HopContext::toString).toList());
    assertTrue(route.steps().get(0).target().isUnresolved(), "socks5h gets the name");
    assertTrue(route.steps().get(2).target().isUnresolved(), "socks4a gets the name");
    assertEquals(List.of(), lookups, "nothing resolved here");
    assertFalse(Route.needsResolution(List.of(a, b, c), DB));
  }

  @Test
  void socks4AndSocks5TargetsAndHopOneAreResolvedHere() throws Exception {
    Hop a = new Hop(ProxyType.SOCKS5, "proxy-a.test", 1080);
    Hop b = new Hop(ProxyType.SOCKS4, "proxy-b.test", 1080);
    Route route = Route.plan(List.of(a, b), DB, resolver);
    assertEquals(new InetSocketAddress("10.0.0.1", 1080), route.firstHop());
    assertEquals(new InetSocketAddress("10.0.0.2", 1080), route.steps().get(0).target());
    assertEquals(new InetSocketAddress("10.9.9.9", 5432), route.steps().get(1).target());
    assertEquals(List.of("proxy-a.test", "proxy-b.test", "db.internal"), lookups);
    assertTrue(Route.needsResolution(List.of(a, b), DB));
    assertTrue(Route.needsResolution(List.of(new Hop(ProxyType.SOCKS5H, "proxy-a.test", 1080)), DB), "hop 1's name");
  }

  @Test
  void anUnresolvableHopOneIsUnreachable() {
    Hop a = new Hop(ProxyType.SOCKS5H, "gone.test", 1080);
    HopUnreachableException e =
        assertThrows(HopUnreachableException.class, () -> Route.plan(List.of(a), DB, resolver));
    assertEquals(
        "hop 1 socks5h gone.test:1080 -> db.internal:5432: cannot resolve proxy host: gone.test: Name or service not known",
        e.getMessage());
    assertEquals(DirectFailure.UNKNOWN_HOST, e.directFailure());
  }

  @Test
  void anUnresolvableTargetOfALocalDnsHopIsRefusedAsUnknownHost() {
    Hop a = new Hop(ProxyType.SOCKS5, "10.0.0.1", 1080);
    Hop b = new Hop(ProxyType.SOCKS4, "gone.test", 1080);
    HopRefusedException e =
        assertThrows(HopRefusedException.class, () -> Route.plan(List.of(a, b), DB, resolver));
    assertEquals(
        "hop 1 socks5 10.0.0.1:1080 -> gone.test:1080: cannot resolve gone.test on this host"
            + " (socks5 sends an address, not a name)",
        e.getMessage());
    assertEquals(-1, e.replyCode());
    assertInstanceOf(UnknownHostException.class, e.asDirectException());
  }

  @Test
  void aResolvedDestinationIsSentAsGiven() throws Exception {
    InetSocketAddress literal = new InetSocketAddress("192.0.2.7", 443);
    Route route = Route.plan(List.of(new Hop(ProxyType.SOCKS5H, "10.0.0.1", 1080)), literal, resolver);
    assertEquals(literal, route.steps().get(0).target());
    assertEquals(List.of(), lookups);
  }
}
