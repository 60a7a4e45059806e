package dev.socksify.redirector.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.dns.FakeAddressPool;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Datagrams follow the config's rules, by address, or by the name behind a fake address. */
class UdpRoutesTest {
  private static final SocksifyConfig CONFIG = SocksifyConfig.parse("""
      [chain a]
      socks5 192.0.2.1 1080
      [chain b]
      socks5 192.0.2.2 1080
      [rules]
      cidr 10.0.0.0/8 -> direct
      port 5353 -> block
      domain *.b.test -> chain b
      default -> chain a
      """, "test.conf");

  private static UdpRoutes routes(boolean udpThroughChains, FakeAddressPool fakes) {
    return new UdpRoutes(CONFIG.rules(), CONFIG.chains(), udpThroughChains, fakes);
  }

  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  @Test
  void addressesDecideByCidrAndPort() throws Exception {
    UdpRoutes routes = routes(true, null);
    assertEquals(new UdpRoute.Direct(at("10.1.2.3", 53)), routes.route(at("10.1.2.3", 53)));
    UdpRoute chained = routes.route(at("203.0.113.5", 53));
    assertEquals("a", ((UdpRoute.Chained) chained).chain().name());
    assertEquals(at("203.0.113.5", 53), ((UdpRoute.Chained) chained).target());
    assertEquals("chain a (socks5 192.0.2.1:1080)", chained.via());
    UdpRoute.Refused blocked = assertInstanceOf(UdpRoute.Refused.class, routes.route(at("203.0.113.5", 5353)));
    assertTrue(blocked.reason().startsWith("blocked by rule "), blocked.reason());
  }

  @Test
  void aFakeAddressGoesByItsNameAndDomainRulesApply() throws Exception {
    FakeAddressPool fakes = FakeAddressPool.defaults();
    InetAddress fake = fakes.ipv4("www.b.test").orElseThrow();
    UdpRoutes routes = routes(true, fakes);
    assertTrue(routes.isFake(new InetSocketAddress(fake, 443)));
    UdpRoute.Chained chained = assertInstanceOf(UdpRoute.Chained.class,
        routes.route(new InetSocketAddress(fake, 443)));
    assertEquals("b", chained.chain().name());
    assertEquals(InetSocketAddress.createUnresolved("www.b.test", 443), chained.target());
    // the config checks that rules name chains that exist; the relay still refuses one it was not given
    UdpRoutes withoutB = new UdpRoutes(CONFIG.rules(), Map.of("a", CONFIG.chains().get("a")), true, fakes);
    UdpRoute.Refused missing = assertInstanceOf(UdpRoute.Refused.class,
        withoutB.route(new InetSocketAddress(fake, 443)));
    assertTrue(missing.reason().contains("chain 'b', which does not exist"), missing.reason());
  }

  @Test
  void aFakeAddressWithoutANameIsNeverSentAnywhere() throws Exception {
    UdpRoutes routes = routes(true, FakeAddressPool.defaults());
    UdpRoute.Refused stale = assertInstanceOf(UdpRoute.Refused.class, routes.route(at("198.18.200.1", 53)));
    assertTrue(stale.reason().contains("maps to no name"), stale.reason());
  }

  @Test
  void withUdpOffChainDecisionsAreRefusedAndDirectStillWorks() throws Exception {
    UdpRoutes routes = routes(false, null);
    UdpRoute.Refused off = assertInstanceOf(UdpRoute.Refused.class, routes.route(at("203.0.113.5", 53)));
    assertEquals("UDP through chains is off ([udp] enabled off)", off.reason());
    assertEquals("chain a (socks5 192.0.2.1:1080)", off.via());
    assertInstanceOf(UdpRoute.Direct.class, routes.route(at("10.1.2.3", 53)));
  }
}
