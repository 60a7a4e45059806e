package dev.socksify.agent.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.agent.connect.Routing;
import dev.socksify.agent.connect.Router;
import dev.socksify.chain.config.SocksifyConfig;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Datagram routing: the connection rules, plus multicast direct and the {@code [udp]} switch. */
class UdpRouterTest {
  private static final String CONFIG = "[ProxyList]\nsocks5 10.0.0.1 1080\n[rules]\ncidr 10.9.0.0/16 -> direct\n"
      + "cidr 10.8.0.0/16 -> block\n";

  private static UdpRouter router(String text, boolean udp) {
    return new UdpRouter(new Router(SocksifyConfig.parse(text, "udp.conf")), udp);
  }

  @Test
  void datagramsFollowTheRules() {
    UdpRouter router = router(CONFIG, true);
    Routing.ViaChain chain = assertInstanceOf(Routing.ViaChain.class, router.route(new InetSocketAddress("10.1.2.3", 53)));
    assertEquals("default", chain.chain().name());
    assertInstanceOf(Routing.Direct.class, router.route(new InetSocketAddress("10.9.0.5", 53)));
    assertInstanceOf(Routing.Direct.class, router.route(new InetSocketAddress("127.0.0.1", 53)), "loopback");
    assertInstanceOf(Routing.Direct.class, router.route(new InetSocketAddress("10.0.0.1", 1080)), "the proxy itself");
    Routing.Refused blocked = assertInstanceOf(Routing.Refused.class, router.route(new InetSocketAddress("10.8.0.1", 53)));
    assertEquals("socksify: blocked by rule 'cidr 10.8.0.0/16 -> block' (udp.conf:5)", blocked.why());
  }

  @Test
  void multicastGoesDirectBecauseNoRelayCanJoinAGroup() {
    Routing route = router(CONFIG, true).route(new InetSocketAddress("239.255.255.250", 1900));
    assertEquals("multicast, which no proxy relays", assertInstanceOf(Routing.Direct.class, route).why());
    assertInstanceOf(Routing.Direct.class, router(CONFIG, true).route(new InetSocketAddress("ff02::fb", 5353)));
  }

  @Test
  void withUdpOffTheChainIsRefusedButDirectAndBlockStillApply() {
    UdpRouter router = router(CONFIG, false);
    Routing.Refused off = assertInstanceOf(Routing.Refused.class, router.route(new InetSocketAddress("10.1.2.3", 53)));
    assertEquals("socksify: UDP through the chain is off ([udp] enabled off)", off.why());
    assertInstanceOf(Routing.Direct.class, router.route(new InetSocketAddress("10.9.0.5", 53)));
    assertTrue(((Routing.Refused) router.route(new InetSocketAddress("10.8.0.1", 53))).why().contains("blocked"));
  }

  @Test
  void onlySendersTheRulesSendDirectMayAnswerAroundTheRelay() {
    UdpRouter router = router(CONFIG, true);
    assertTrue(router.isDirect(new InetSocketAddress("127.0.0.1", 5353)));
    assertTrue(router.isDirect(new InetSocketAddress("10.9.1.1", 53)));
    assertEquals(false, router.isDirect(new InetSocketAddress("10.1.2.3", 53)));
    assertEquals(false, router.isDirect(new InetSocketAddress("10.8.0.1", 53)), "a blocked sender is not direct");
  }
}
