package dev.socksify.chain.protocol.http;

import dev.socksify.chain.HopContext;
import dev.socksify.chain.protocol.ClientHandshake;

/** Placeholder until the protocol work lands. */
public final class HttpConnectHandshake {
  public static ClientHandshake connect(HopContext context) {
    throw new UnsupportedOperationException("http not yet implemented");
  }
}
