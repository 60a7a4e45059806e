package dev.socksify.agent.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.config.SocksifyConfig;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Router router =
      new Router(SocksifyConfig.fromProxyUrls("socks5://10.0.0.1:1080,socks5://10.0.0.2:1080"));

  @Test
  void loopbackGoesDirect() {
    Route route = router.route(new InetSocketAddress("127.0.0.9", 80));
    assertTrue(((Route.Direct) route).why().contains("loopback"), route.toString());
    assertInstanceOf(Route.Direct.class, router.route(new InetSocketAddress("::1", 80)));
  }

  @Test
  void theFirstHopIsReachedDirectly() {
    Route route = router.route(new InetSocketAddress("10.0.0.1", 1080));
    assertTrue(((Route.Direct) route).why().contains("proxies"), route.toString());
  }

  @Test
  void everythingElseTakesTheDefaultChain() {
    Route route = router.route(new InetSocketAddress("192.0.2.7", 443));
    assertEquals("default", ((Route.ViaChain) route).chain().name());
    assertEquals(2, ((Route.ViaChain) route).chain().hops().size());
    // a later hop of a strict chain is reached through the earlier ones, so it follows the rules too
    assertInstanceOf(Route.ViaChain.class, router.route(new InetSocketAddress("10.0.0.2", 1080)));
  }

  @Test
  void aBlockRuleRefusesNamingTheRule() {
    Router blocking = new Router(SocksifyConfig.parse(
        "[ProxyList]\nsocks5 10.0.0.1 1080\n[rules]\ncidr 192.0.2.0/24 -> block\n", "test.conf"));
    Route route = blocking.route(new InetSocketAddress("192.0.2.7", 443));
    assertTrue(((Route.Refused) route).why().contains("test.conf:4"), route.toString());
  }
}
