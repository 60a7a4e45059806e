package dev.socksify.agent.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.socksify.chain.config.SocksifyConfig;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Rules by name: an unresolved destination (the name behind a fake address) is routed by its name and port. */
class RouterNamesTest {
  private final Router router = new Router(SocksifyConfig.parse("[ProxyList]\nsocks5h 10.0.0.1 1080\n"
      + "[chain short]\nsocks5h 10.0.0.2 1080\n[rules]\n"
      + "domain direct.test -> direct\n"
      + "domain mixed.test port 8080 -> direct\n"
      + "domain *.blocked.test -> block\n"
      + "domain short.test -> chain short\n"
      + "cidr 0.0.0.0/0 -> direct\n", "names.conf"));

  private Routing route(String name, int port) {
    return router.route(InetSocketAddress.createUnresolved(name, port));
  }

  @Test
  void domainRulesDecideByTheName() {
    assertEquals("'domain direct.test -> direct' (names.conf:6)", ((Routing.Direct) route("direct.test", 80)).why());
    assertEquals("socksify: blocked by rule 'domain *.blocked.test -> block' (names.conf:8)",
        ((Routing.Refused) route("ads.blocked.test", 443)).why());
    assertEquals("short", ((Routing.ViaChain) route("short.test", 22)).chain().name());
  }

  @Test
  void portRulesDecideWithTheName() {
    assertInstanceOf(Routing.Direct.class, route("mixed.test", 8080));
    assertEquals("default", ((Routing.ViaChain) route("mixed.test", 80)).chain().name());
  }

  @Test
  void aNameBehindAFakeAddressMatchesNoCidr() {
    assertEquals("default", ((Routing.ViaChain) route("service.test", 80)).chain().name());
  }
}
