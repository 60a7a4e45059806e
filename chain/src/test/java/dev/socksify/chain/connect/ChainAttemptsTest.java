package dev.socksify.chain.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.ChainMode;
import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.ProxyType;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainAttemptsTest {
  private static final Hop A = new Hop(ProxyType.SOCKS5, "10.0.0.1", 1080);
  private static final Hop B = new Hop(ProxyType.SOCKS4, "10.0.0.2", 1080);
  private static final Hop C = new Hop(ProxyType.HTTP, "10.0.0.3", 3128);
  private static final InetSocketAddress DEST = InetSocketAddress.createUnresolved("example.org", 443);

  private static HopContext step(List<Hop> used, int index) {
    InetSocketAddress target = index < used.size() ? used.get(index).address() : DEST;
    return new HopContext(index, used.get(index - 1), target);
  }

  private static HopUnreachableException timeout(List<Hop> used, int index) {
    return HopUnreachableException.timeout(step(used, index), 100);
  }

  private static HopRefusedException refused(List<Hop> used, int index) {
    return new HopRefusedException(step(used, index), "connection refused", 5, DirectFailure.REFUSED);
  }

  @Test
  void unreachableBlamesThatHopRefusedBlamesTheNextAndTheDestinationNoOne() {
    List<Hop> used = List.of(A, B, C);
    assertEquals(A, ChainAttempts.deadHop(timeout(used, 1), used));
    assertEquals(B, ChainAttempts.deadHop(timeout(used, 2), used));
    assertEquals(B, ChainAttempts.deadHop(refused(used, 1), used));
    assertEquals(C, ChainAttempts.deadHop(refused(used, 2), used));
    assertNull(ChainAttempts.deadHop(refused(used, 3), used));
  }

  @Test
  void aFailedAuthenticationBlamesThatHopNotTheNext() {
    List<Hop> used = List.of(A, B, C);
    HopRefusedException auth = HopRefusedException.authentication(step(used, 1), "authentication failed", 1);
    assertEquals(A, ChainAttempts.deadHop(auth, used));
    assertEquals(C, ChainAttempts.deadHop(HopRefusedException.authentication(step(used, 3), "x", 407), used));
  }

  @Test
  void dynamicDropsTheDeadHopAndTriesAgain() throws ChainException {
    ChainAttempts attempts = new ChainAttempts(new Chain("c", List.of(A, B, C), ChainMode.dynamic()));
    List<Hop> first = attempts.select();
    assertEquals(List.of(A, B, C), first);
    attempts.failed(refused(first, 1), first);
    List<Hop> second = attempts.select();
    assertEquals(List.of(A, C), second);
    assertEquals(List.of(B), attempts.deadHops());
    HopRefusedException destination = refused(second, 2);
    assertSame(destination, assertThrows(HopRefusedException.class, () -> attempts.failed(destination, second)));
  }

  @Test
  void strictReportsTheFirstFailureAsIs() throws ChainException {
    ChainAttempts attempts = new ChainAttempts(Chain.strict("c", List.of(A, B)));
    List<Hop> used = attempts.select();
    HopUnreachableException e = timeout(used, 2);
    assertSame(e, assertThrows(HopUnreachableException.class, () -> attempts.failed(e, used)));
  }

  @Test
  void whenTooFewAreLeftTheErrorSaysSoAndKeepsEveryFailure() throws ChainException {
    ChainAttempts attempts = new ChainAttempts(new Chain("c", List.of(A, B, C), ChainMode.roundRobin(2)));
    List<Hop> first = attempts.select();
    attempts.failed(timeout(first, 1), first);
    List<Hop> second = attempts.select();
    HopUnreachableException last = timeout(second, 2);
    attempts.failed(last, second);
    HopUnreachableException e = assertThrows(HopUnreachableException.class, attempts::select);
    assertEquals(
        last.context()
            + ": chain 'c' (round_robin chain_len=2): round_robin chain needs chain_len 2 hops alive, 1 left;"
            + " last failure: no reply within 100 ms",
        e.getMessage());
    assertSame(last, e.getCause());
    assertEquals(1, e.getSuppressed().length);
    assertEquals(DirectFailure.TIMEOUT, e.directFailure());
  }

  @Test
  void aChainTooShortForItsModeIsAConfigurationError() {
    ChainAttempts attempts = new ChainAttempts(new Chain("short", List.of(A), ChainMode.random(2)));
    IllegalStateException e = assertThrows(IllegalStateException.class, attempts::select);
    assertEquals("chain 'short': random chain needs chain_len 2 hops alive, 1 left", e.getMessage());
  }
}
