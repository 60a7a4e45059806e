package dev.socksify.agent.relay;

import dev.socksify.chain.Chain;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where each connection to the relay really goes, keyed by the app socket's local port (unique among live
 * connections to one relay address). The app's thread records the target right after its connect returns; the
 * relay may accept the connection before or after that, so both sides meet at one future per port.
 */
final class RelayTargets {
  /** One redirected connection: its original destination, the chain to use, and the app side for the log. */
  record Target(InetSocketAddress destination, Chain chain, String app) {}

  private final ConcurrentMap<Integer, CompletableFuture<Target>> byPort = new ConcurrentHashMap<>();

  /** Recorded by the app's thread once its socket has a local port. */
  void offer(int localPort, Target target) {
    future(localPort).complete(target);
  }

  /** Taken by the relay for an accepted connection from {@code localPort}; the entry is gone afterwards. */
  CompletableFuture<Target> take(int localPort) {
    CompletableFuture<Target> future = future(localPort);
    future.whenComplete((target, failure) -> byPort.remove(localPort, future));
    return future;
  }

  private CompletableFuture<Target> future(int localPort) {
    return byPort.computeIfAbsent(localPort, port -> new CompletableFuture<>());
  }
}
