package dev.socksify.agent.connect;

import dev.socksify.chain.Chain;

/** Where one connection goes: straight to the destination, through a chain, or nowhere. */
public sealed interface Routing {
  /** The JDK connects as if the agent were not there; {@code why} names the exemption for the debug log. */
  record Direct(String why) implements Routing {}

  /** Through {@code chain}. */
  record ViaChain(Chain chain) implements Routing {}

  /** Not at all: the connect fails with {@code why}. */
  record Refused(String why) implements Routing {}
}
