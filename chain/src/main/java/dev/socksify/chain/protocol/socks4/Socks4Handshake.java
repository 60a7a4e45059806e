package dev.socksify.chain.protocol.socks4;

import dev.socksify.chain.HopContext;
import dev.socksify.chain.protocol.ClientHandshake;

/** Placeholder until the protocol work lands. */
public final class Socks4Handshake {
  public static ClientHandshake connect(HopContext context, boolean socks4a) {
    throw new UnsupportedOperationException("socks4 not yet implemented");
  }
}
