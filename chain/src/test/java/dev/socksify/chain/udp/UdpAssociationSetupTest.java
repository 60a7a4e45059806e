package dev.socksify.chain.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an association refuses before it opens any connection. */
class UdpAssociationSetupTest {
  private static final ControlConnector MUST_NOT_CONNECT = hops -> fail("connected to " + hops);
  private static final Hop SOCKS5 = new Hop(ProxyType.SOCKS5, "127.0.0.1", 1080);

  @Test
  void anHttpHopCannotCarryUdp() {
    Chain chain = Chain.strict("c", List.of(new Hop(ProxyType.HTTP, "127.0.0.1", 8080), SOCKS5));
    UdpUnsupportedException e = assertThrows(UdpUnsupportedException.class,
        () -> UdpAssociation.open(chain, MUST_NOT_CONNECT));
    assertEquals("hop 1 http 127.0.0.1:8080: HTTP CONNECT cannot carry UDP", e.getMessage());
    assertEquals(1, e.index());
  }

  @Test
  void socks4HopsCannotCarryUdpAnywhereInTheChain() {
    for (ProxyType type : List.of(ProxyType.SOCKS4, ProxyType.SOCKS4A)) {
      Chain chain = Chain.strict("c", List.of(SOCKS5, new Hop(type, "127.0.0.2", 1081)));
      UdpUnsupportedException e = assertThrows(UdpUnsupportedException.class,
          () -> UdpAssociation.open(chain, MUST_NOT_CONNECT));
      assertEquals("hop 2 " + type.scheme() + " 127.0.0.2:1081: SOCKS4 cannot carry UDP", e.getMessage());
      assertEquals(2, e.index());
    }
  }
}
