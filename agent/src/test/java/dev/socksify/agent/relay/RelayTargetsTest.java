package dev.socksify.agent.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RelayTargetsTest {
  private final RelayTargets targets = new RelayTargets();
  private final RelayTargets.Target target = new RelayTargets.Target(new InetSocketAddress("10.0.0.9", 80),
      Chain.strict("default", List.of(new Hop(ProxyType.SOCKS5, "127.0.0.1", 1080))), "main");

  @Test
  void theAppRecordsFirst() {
    targets.offer(40000, target);
    assertEquals(target, targets.take(40000).getNow(null));
  }

  @Test
  void theRelayAcceptsFirst() {
    CompletableFuture<RelayTargets.Target> waiting = targets.take(40001);
    assertFalse(waiting.isDone());
    targets.offer(40001, target);
    assertEquals(target, waiting.getNow(null));
  }

  @Test
  void anEntryIsGoneOnceTaken() {
    targets.offer(40002, target);
    targets.take(40002);
    assertFalse(targets.take(40002).isDone(), "a later connection from the same port starts afresh");
  }

  @Test
  void portsDoNotMix() {
    targets.offer(40003, target);
    assertFalse(targets.take(40004).isDone());
  }
}
