package dev.socksify.chain.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeAddressPoolTest {
  private static FakeAddressPool pool(String v4, int capacity) {
    return FakeAddressPool.of(FakeRange.parse(v4), null, capacity);
  }

  private static InetAddress v4(FakeAddressPool pool, String name) throws UnknownHostException {
    return pool.ipv4(name).orElseThrow();
  }

  @Test
  void oneAddressPerNameIgnoringCaseAndTrailingDot() throws Exception {
    FakeAddressPool pool = FakeAddressPool.defaults();
    InetAddress a = v4(pool, "Service.TEST.");
    assertEquals("198.18.0.1", a.getHostAddress());
    assertEquals("service.test", a.getHostName());
    assertEquals(a, v4(pool, "service.test"));
    assertEquals(a, v4(pool, "SERVICE.test"));
    InetAddress b = v4(pool, "other.test");
    assertEquals("198.18.0.2", b.getHostAddress());
    assertEquals(List.of(a), pool.lookup("service.test"));
    assertEquals(Optional.empty(), pool.ipv6("service.test"));
    assertEquals(2, pool.size());
  }

  @Test
  void reverseLookupAndConnectDecision() throws Exception {
    FakeAddressPool pool = FakeAddressPool.defaults();
    InetAddress fake = v4(pool, "db.internal");
    InetAddress nameless = InetAddress.getByAddress(fake.getAddress());
    assertEquals(Optional.of("db.internal"), pool.nameOf(nameless));
    assertEquals(Optional.of("db.internal"), pool.nameForConnect(nameless));
    InetAddress real = InetAddress.getByName("10.1.2.3");
    assertFalse(pool.isFake(real));
    assertEquals(Optional.empty(), pool.nameOf(real));
    assertEquals(Optional.empty(), pool.nameForConnect(real));
    // in the range, never handed out: fake, and a connection to it must fail
    InetAddress unused = InetAddress.getByName("198.19.3.4");
    assertTrue(pool.isFake(unused));
    assertEquals(Optional.empty(), pool.nameOf(unused));
    StaleFakeAddressException e = assertThrows(StaleFakeAddressException.class, () -> pool.nameForConnect(unused));
    assertEquals("198.19.3.4 is a fake address (range 198.18.0.0/15) that maps to no name: forgotten (the map keeps"
        + " the 65536 most recently used names), from before a restart, or never handed out; look the name up again",
        e.getMessage());
    assertThrows(StaleFakeAddressException.class,
        () -> pool.nameForConnect(InetAddress.getByName("198.18.0.0")), "network address is fake too");
  }

  /** An IPv4-mapped IPv6 form of a fake address is the same fake: never a way around fail-closed. */
  @Test
  void ipv4MappedFormsCountAsTheIpv4Fake() throws Exception {
    FakeAddressPool pool = FakeAddressPool.defaults();
    InetAddress fake = v4(pool, "mapped.test");
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(fake.getAddress(), 0, mapped, 12, 4);
    InetAddress v6form = java.net.Inet6Address.getByAddress(null, mapped, -1);
    assertTrue(v6form instanceof java.net.Inet6Address);
    assertTrue(pool.isFake(v6form));
    assertEquals(Optional.of("mapped.test"), pool.nameForConnect(v6form));
    mapped[15] ^= 0x40; // a sibling in the range that maps to no name
    InetAddress stale = java.net.Inet6Address.getByAddress(null, mapped, -1);
    assertThrows(StaleFakeAddressException.class, () -> pool.nameForConnect(stale));
  }

  @Test
  void fromAConfigSubnet() throws Exception {
    FakeAddressPool v4 = FakeAddressPool.forSubnet(dev.socksify.chain.rules.Cidr.parse("10.99.0.0/16"));
    assertEquals("10.99.0.1", v4(v4, "x.test").getHostAddress());
    FakeAddressPool v6 = FakeAddressPool.forSubnet(dev.socksify.chain.rules.Cidr.parse("fd00:99::/64"));
    assertEquals(Optional.empty(), v6.ipv4("x.test"));
    assertEquals("fd00:99:0:0:0:0:0:1", v6.ipv6("x.test").orElseThrow().getHostAddress());
  }

  @Test
  void bothFamilies() throws Exception {
    FakeAddressPool pool = FakeAddressPool.of(FakeRange.parse("198.18.0.0/15"),
        FakeRange.parse(FakeAddressPool.SUGGESTED_IPV6_RANGE), 100);
    List<InetAddress> both = pool.lookup("dual.test");
    assertEquals(List.of("198.18.0.1", "fd73:6f63:6b73:0:0:0:0:1"), both.stream().map(InetAddress::getHostAddress)
        .toList());
    assertEquals(Optional.of("dual.test"), pool.nameOf(InetAddress.getByName("fd73:6f63:6b73::1")));
    assertEquals(both.get(1), pool.ipv6("DUAL.test.").orElseThrow());
    assertEquals("fake addresses 198.18.0.0/15, fd73:6f63:6b73::/64", pool.toString());
    assertThrows(IllegalArgumentException.class,
        () -> FakeAddressPool.of(FakeRange.parse("fd00::/64"), null, 10), "swapped families");
    assertThrows(IllegalArgumentException.class, () -> FakeAddressPool.of(null, null, 10));
    assertThrows(IllegalArgumentException.class, () -> pool("10.0.0.0/24", 0));
  }

  @Test
  void namesThatAreNoHostNames() throws Exception {
    FakeAddressPool pool = FakeAddressPool.defaults();
    for (String bad : new String[] {"", ".", "a..b", "a b", "caf\u00e9.test", "x".repeat(64) + ".test",
        "a." + "b".repeat(250)}) {
      assertThrows(UnknownHostException.class, () -> pool.lookup(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> pool.lookup("10.0.0.1"));
    assertEquals("_sip._tcp.example", FakeAddressPool.normalize("_SIP._tcp.example."));
    assertEquals(0, pool.size());
  }

  /** CLOCK: a name used since the last sweep survives; an unused one, even a newer one, goes first. */
  @Test
  void leastRecentlyUsedIsForgottenAndFailsClosed() throws Exception {
    FakeAddressPool pool = pool("10.0.0.0/24", 3);
    InetAddress a = v4(pool, "a.test");
    InetAddress b = v4(pool, "b.test");
    InetAddress c = v4(pool, "c.test");
    v4(pool, "d.test"); // all were marked: the sweep clears them and takes the oldest, a
    assertEquals(1, pool.evictions());
    assertThrows(StaleFakeAddressException.class, () -> pool.nameForConnect(a));
    assertEquals(Optional.of("b.test"), pool.nameForConnect(b)); // a connect marks b used
    v4(pool, "e.test");
    assertEquals(Optional.of("b.test"), pool.nameOf(b), "used b survives");
    assertEquals(Optional.empty(), pool.nameOf(c), "unused c goes although newer than b");
    assertEquals(3, pool.size());
    assertEquals(2, pool.evictions());
    // a name forgotten and asked again gets a new address, never the stale one
    InetAddress again = v4(pool, "a.test");
    assertNotEquals(a, again);
    assertEquals(Optional.of("a.test"), pool.nameOf(again));
  }

  /** An evicted address rests until the cursor has walked the rest of the range. */
  @Test
  void evictedAddressIsReusedOnlyAfterTheCursorWraps() throws Exception {
    FakeAddressPool pool = pool("10.0.0.0/24", 3);
    InetAddress a = v4(pool, "a.test");
    assertEquals("10.0.0.1", a.getHostAddress());
    v4(pool, "b.test");
    v4(pool, "c.test");
    assertEquals("10.0.0.4", v4(pool, "d.test").getHostAddress()); // evicts a, takes index 3
    for (int k = 0; k < 250; k++) { // indices 4 to 253 (10.0.0.5 to 10.0.0.254)
      v4(pool, "filler" + k + ".test");
      assertThrows(StaleFakeAddressException.class, () -> pool.nameForConnect(a));
    }
    InetAddress wrapped = v4(pool, "late.test");
    assertEquals("10.0.0.1", wrapped.getHostAddress());
    assertEquals(Optional.of("late.test"), pool.nameForConnect(a));
  }

  @Test
  void capacityLimitedByTheRangeReusesTheFreedAddress() throws Exception {
    FakeAddressPool pool = pool("10.0.0.252/30", 1000); // 2 usable addresses
    InetAddress a = v4(pool, "a.test");
    InetAddress b = v4(pool, "b.test");
    InetAddress c = v4(pool, "c.test");
    assertEquals(a.getHostAddress(), c.getHostAddress());
    assertEquals(Optional.of("c.test"), pool.nameOf(a));
    assertEquals(Optional.of("b.test"), pool.nameOf(b));
    assertEquals(2, pool.size());
  }

  @Test
  void proxychainsSubnet() throws Exception {
    FakeAddressPool pool = FakeAddressPool.proxychains(224);
    assertEquals("224.0.0.1", v4(pool, "x.test").getHostAddress());
    assertEquals(Optional.empty(), pool.ipv6Range());
  }

  /** Threads racing on the same new names must all get the one address each name was given. */
  @Test
  void concurrentFirstLookupsAgree() throws Exception {
    FakeAddressPool pool = FakeAddressPool.defaults();
    List<String> names = new ArrayList<>();
    for (int k = 0; k < 3000; k++) {
      names.add("host" + k + ".test");
    }
    long seed = new Random().nextLong();
    List<Map<String, InetAddress>> seen = run(4, t -> {
      List<String> mine = new ArrayList<>(names);
      Collections.shuffle(mine, new Random(seed + t));
      Map<String, InetAddress> got = new HashMap<>();
      for (String n : mine) {
        got.put(n, pool.ipv4(n.toUpperCase()).orElseThrow());
      }
      return got;
    });
    Set<InetAddress> distinct = new HashSet<>(seen.get(0).values());
    assertEquals(names.size(), distinct.size(), "seed " + seed);
    for (Map<String, InetAddress> other : seen) {
      assertEquals(seen.get(0), other, "seed " + seed);
    }
    for (String n : names) {
      assertEquals(Optional.of(n), pool.nameOf(seen.get(0).get(n)));
    }
    assertEquals(names.size(), pool.size());
  }

  /** Lookups, reverse lookups and evictions racing: afterwards the map is still one-to-one and within its cap. */
  @Test
  void concurrentChurnKeepsTheMapConsistent() throws Exception {
    FakeAddressPool pool = pool("10.0.0.0/24", 64);
    long seed = new Random().nextLong();
    run(4, t -> {
      Random random = new Random(seed + t);
      for (int k = 0; k < 20_000; k++) {
        String name = "n" + random.nextInt(500) + ".test";
        InetAddress a = pool.ipv4(name).orElseThrow();
        assertEquals(name, a.getHostName());
        // another thread may have evicted it and handed the address on since; anything but an exception is fine
        pool.nameOf(a);
      }
      return null;
    });
    assertTrue(pool.size() <= 64, "size " + pool.size());
    Map<String, InetAddress> live = new HashMap<>();
    FakeRange range = pool.ipv4Range().orElseThrow();
    for (long k = 0; k < range.usable(); k++) {
      InetAddress a = range.addressAt(k);
      Optional<String> name = pool.nameOf(a);
      if (name.isPresent()) {
        assertEquals(null, live.put(name.get(), a), "seed " + seed + ": two addresses for " + name.get());
      }
    }
    assertEquals(pool.size(), live.size(), "seed " + seed);
    for (Map.Entry<String, InetAddress> e : live.entrySet()) {
      assertEquals(e.getValue(), pool.ipv4(e.getKey()).orElseThrow(), "seed " + seed);
    }
  }

  private interface Task<T> {
    T run(int thread) throws Exception;
  }

  private static <T> List<T> run(int threads, Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool.submit((Callable<T>) () -> task.run(id)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
