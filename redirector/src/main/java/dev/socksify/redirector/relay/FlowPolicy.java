package dev.socksify.redirector.relay;

import java.net.InetSocketAddress;

/** Picks how a redirected flow leaves, from its original destination (the config's rules). */
@FunctionalInterface
public interface FlowPolicy {
  Upstream upstreamFor(InetSocketAddress destination);
}
