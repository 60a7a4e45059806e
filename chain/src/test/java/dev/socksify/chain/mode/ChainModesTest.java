package dev.socksify.chain.mode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChainModesTest {
  private static final List<Hop> HOPS =
      IntStream.rangeClosed(1, 5).mapToObj(i -> new Hop(ProxyType.SOCKS5, "10.0.0." + i, 1080)).toList();

  @Test
  void strictUsesAllInOrderAndNeverSkips() {
    ChainMode strict = ChainMode.strict();
    assertEquals(HOPS, strict.select(HOPS));
    assertFalse(strict.skipsDeadHops());
  }

  @Test
  void dynamicUsesTheAliveInOrderAndNeedsOne() {
    ChainMode dynamic = ChainMode.dynamic();
    List<Hop> alive = List.of(HOPS.get(0), HOPS.get(2), HOPS.get(4));
    assertEquals(alive, dynamic.select(alive));
    assertTrue(dynamic.skipsDeadHops());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> dynamic.select(List.of()));
    assertTrue(e.getMessage().contains("no hop left alive"), e.getMessage());
  }

  @Test
  void randomDrawsChainLenDistinctHopsRepeatablyWithASeed() {
    long seed = new Random().nextLong();
    ChainMode a = new RandomMode(3, new Random(seed));
    ChainMode b = new RandomMode(3, new Random(seed));
    Set<List<Hop>> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      List<Hop> picked = a.select(HOPS);
      assertEquals(picked, b.select(HOPS), "seed " + seed);
      assertEquals(3, picked.size());
      assertEquals(3, new HashSet<>(picked).size(), "distinct, seed " + seed);
      assertTrue(HOPS.containsAll(picked));
      seen.add(picked);
    }
    // 60 ordered picks are possible; 50 draws all alike would mean no randomness at all
    assertTrue(seen.size() > 1, "seed " + seed);
    assertTrue(a.skipsDeadHops());
  }

  @Test
  void randomNeedsChainLenAlive() {
    ChainMode random = new RandomMode(3, new Random(1));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> random.select(HOPS.subList(0, 2)));
    assertEquals("random chain needs chain_len 3 hops alive, 2 left", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RandomMode(0));
  }

  @Test
  void roundRobinStartsAfterTheLastHopOfThePreviousSelection() {
    ChainMode rr = ChainMode.roundRobin(2);
    assertEquals(List.of(HOPS.get(0), HOPS.get(1)), rr.select(HOPS));
    assertEquals(List.of(HOPS.get(2), HOPS.get(3)), rr.select(HOPS));
    assertEquals(List.of(HOPS.get(4), HOPS.get(0)), rr.select(HOPS), "wraps around");
    assertEquals(List.of(HOPS.get(1), HOPS.get(2)), rr.select(HOPS));
    assertTrue(rr.skipsDeadHops());
  }

  @Test
  void roundRobinOverSurvivorsAndNeedsChainLenAlive() {
    ChainMode rr = ChainMode.roundRobin(2);
    List<Hop> alive = List.of(HOPS.get(1), HOPS.get(3), HOPS.get(4));
    List<Hop> first = rr.select(alive);
    List<Hop> second = rr.select(alive);
    assertEquals(List.of(HOPS.get(1), HOPS.get(3)), first);
    assertEquals(List.of(HOPS.get(4), HOPS.get(1)), second);
    assertNotEquals(first, second);
    assertThrows(IllegalStateException.class, () -> rr.select(List.of(HOPS.get(0))));
  }

  @Test
  void modesNameThemselvesAsProxychainsDoes() {
    assertEquals("strict", ChainMode.strict().toString());
    assertEquals("dynamic", ChainMode.dynamic().toString());
    assertEquals("random chain_len=2", ChainMode.random(2).toString());
    assertEquals("round_robin chain_len=3", ChainMode.roundRobin(3).toString());
  }
}
