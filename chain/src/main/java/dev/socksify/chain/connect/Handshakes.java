package dev.socksify.chain.connect;

import dev.socksify.chain.HopContext;
import dev.socksify.chain.protocol.ClientHandshake;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which handshake each step of a chain runs. Normally every hop is asked to CONNECT; a caller that needs another
 * command from the last hop (SOCKS5 BIND or UDP ASSOCIATE) swaps that one step.
 */
@FunctionalInterface
public interface Handshakes {
  /**
   * The handshake asking {@code step.hop()} to reach {@code step.target()}.
   *
   * @param last whether this hop is the one that reaches the destination
   */
  ClientHandshake open(HopContext step, boolean last);

  /** CONNECT at every hop, in each hop's own protocol ({@link dev.socksify.chain.ProxyType#connect}). */
  static Handshakes connect() {
    return (step, last) -> step.hop().type().connect(step);
  }

  /** CONNECT through all hops but the last, which runs {@code lastHop} (e.g. a SOCKS5 UDP ASSOCIATE). */
  static Handshakes lastHop(Function<HopContext, ClientHandshake> lastHop) {
    Objects.requireNonNull(lastHop, "lastHop");
    return (step, last) -> last ? lastHop.apply(step) : step.hop().type().connect(step);
  }
}
