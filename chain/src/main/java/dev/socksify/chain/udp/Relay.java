package dev.socksify.chain.udp;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.Hop;
import dev.socksify.chain.protocol.socks5.Socks5Address;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where hop {@code index} relays datagrams for one association: the address its UDP ASSOCIATE reply named,
 * with a wildcard (0.0.0.0 or ::) replaced by the address the hop was reached at, as RFC 1928 §6 leaves the
 * client to do and as danted, microsocks and ss-local all answer.
 *
 * @param index the hop's position in the chain, 1-based
 * @param hop the hop
 * @param address where to send datagrams for this hop; for hop 1 a resolved address (the client sends there),
 *     for later hops possibly a name that the previous hop resolves
 * @param reported true when the proxy named this address itself, false when it answered with a wildcard and
 *     the address is the one the hop was reached at; a reported address is also checked on replies
 */
public record Relay(int index, Hop hop, InetSocketAddress address, boolean reported) {
  public Relay {
    Objects.requireNonNull(hop, "hop");
    Objects.requireNonNull(address, "address");
    if (index < 1) {
      throw new IllegalArgumentException("hop index starts at 1: " + index);
    }
  }

  /**
   * The relay for hop {@code index} from its ASSOCIATE reply's BND.ADDR/BND.PORT.
   *
   * @param bound what the proxy answered
   * @param reachedAt the address the hop's control connection went to: the connected peer address for hop 1,
   *     the CONNECT target ({@link Hop#address()}) for a hop reached through earlier hops
   */
  public static Relay of(int index, Hop hop, InetSocketAddress bound, InetSocketAddress reachedAt) {
    Objects.requireNonNull(bound, "bound");
    Objects.requireNonNull(reachedAt, "reachedAt");
    if (!Socks5Address.isUnspecified(bound)) {
      return new Relay(index, hop, bound, true);
    }
    InetSocketAddress address = reachedAt.isUnresolved()
        ? InetSocketAddress.createUnresolved(reachedAt.getHostString(), bound.getPort())
        : new InetSocketAddress(reachedAt.getAddress(), bound.getPort());
    return new Relay(index, hop, address, false);
  }

  /**
   * Whether a reply that the previous hop says came from {@code sender} came from this relay. The port must
   * match; the address too when the proxy reported it (a wildcard-bound relay may answer from any of the
   * hop's addresses, and a relay known by name cannot be compared without a lookup).
   */
  boolean sent(InetSocketAddress sender) {
    if (sender.getPort() != address.getPort()) {
      return false;
    }
    if (!reported || address.isUnresolved() || sender.isUnresolved()) {
      return true;
    }
    return address.getAddress().equals(sender.getAddress());
  }

  @Override
  public String toString() {
    return "hop " + index + " " + hop + " relay " + Addresses.format(address);
  }
}
