package dev.socksify.agent.dns;

import dev.socksify.chain.Addresses;
import java.net.InetSocketAddress;

/**
 * The destination's name as the rules see it: the name of an unresolved destination (the name behind a fake address),
 * else the name the app looked the address up by. A bare address, or one whose name came from a reverse lookup, has
 * none (see {@link InetAddressInternals}).
 */
public final class HostNames {
  private static volatile InetAddressInternals internals;

  private HostNames() {}

  /** Called once at start; until then (and in unit tests) only unresolved destinations have names. */
  static void use(InetAddressInternals jdk) {
    internals = jdk;
  }

  /** The name for {@code Rules.decide}, or {@code null}. Never a literal. */
  public static String of(InetSocketAddress destination) {
    if (destination.isUnresolved()) {
      return destination.getHostString();
    }
    InetAddressInternals jdk = internals;
    if (jdk == null) {
      return null;
    }
    String name = jdk.originalHostName(destination.getAddress());
    return name == null || name.isEmpty() || Addresses.isLiteral(name) ? null : name;
  }
}
