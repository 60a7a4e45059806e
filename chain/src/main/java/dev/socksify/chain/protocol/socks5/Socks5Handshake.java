package dev.socksify.chain.protocol.socks5;

import dev.socksify.chain.HopContext;
import dev.socksify.chain.protocol.ClientHandshake;

/** Placeholder until the protocol work lands. */
public final class Socks5Handshake {
  public static ClientHandshake connect(HopContext context) {
    throw new UnsupportedOperationException("socks5 not yet implemented");
  }
}
