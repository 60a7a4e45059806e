package dev.socksify.agent.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.chain.dns.FakeRange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class DestinationsTest {
  private final FakeAddressPool pool = FakeAddressPool.of(FakeRange.parse("198.18.0.0/24"), null, 1);
  private final Destinations destinations = new Destinations(pool, null, null);

  @Test
  void aFakeAddressStandsForItsName() throws UnknownHostException {
    InetAddress fake = pool.lookup("service.test").get(0);
    InetSocketAddress target = destinations.of(InetAddress.getByAddress(fake.getAddress()), 8080);
    assertTrue(target.isUnresolved());
    assertEquals("service.test", target.getHostString());
    assertEquals(8080, target.getPort());
    assertEquals("service.test", HostNames.of(target), "rules see the name");
  }

  @Test
  void aFakeAddressWithoutANameFailsClosedWithAPlainJdkException() throws UnknownHostException {
    InetAddress forgotten = pool.lookup("one.test").get(0);
    pool.lookup("two.test");
    UnknownHostException e = assertThrows(UnknownHostException.class, () -> destinations.of(forgotten, 80));
    assertSame(UnknownHostException.class, e.getClass(), "the app sees no agent class");
    assertTrue(e.getMessage().startsWith("socksify: 198.18.0.1 is a fake address (range 198.18.0.0/24) that maps to"
        + " no name"), e.getMessage());
  }

  @Test
  void otherAddressesAreThemselves() throws UnknownHostException {
    InetAddress real = InetAddress.getByAddress(new byte[] {10, 0, 0, 5});
    assertEquals(new InetSocketAddress(real, 443), destinations.of(real, 443));
    assertEquals(new InetSocketAddress(real, 443), Destinations.none().of(real, 443));
  }
}
