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
    Routing route = router.route(new InetSocketAddress("127.0.0.9", 80));
    assertTrue(((Routing.Direct) route).why().contains("loopback"), route.toString());
    assertInstanceOf(Routing.Direct.class, router.route(new InetSocketAddress("::1", 80)));
  }

  @Test
  void theFirstHopIsReachedDirectly() {
    Routing route = router.route(new InetSocketAddress("10.0.0.1", 1080));
    assertTrue(((Routing.Direct) route).why().contains("proxies"), route.toString());
  }

  @Test
  void everythingElseTakesTheDefaultChain() {
    Routing route = router.route(new InetSocketAddress("192.0.2.7", 443));
    assertEquals("default", ((Routing.ViaChain) route).chain().name());
    assertEquals(2, ((Routing.ViaChain) route).chain().hops().size());
    // a later hop of a strict chain is reached through the earlier ones, so it follows the rules too
    assertInstanceOf(Routing.ViaChain.class, router.route(new InetSocketAddress("10.0.0.2", 1080)));
  }

  @Test
  void aBlockRuleRefusesNamingTheRule() {
    Router blocking = new Router(SocksifyConfig.parse(
        "[ProxyList]\nsocks5 10.0.0.1 1080\n[rules]\ncidr 192.0.2.0/24 -> block\n", "test.conf"));
    Routing route = blocking.route(new InetSocketAddress("192.0.2.7", 443));
    assertTrue(((Routing.Refused) route).why().contains("test.conf:4"), route.toString());
  }
}
