package dev.socksify.agent.config;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import java.util.List;

/**
 * What the agent takes from a configuration: the chain every routed connection uses, every proxy it names (they are
 * reached directly), and whether to log each connection.
 */
public record AgentConfig(Chain chain, List<Hop> proxies, boolean debug) {
  public AgentConfig {
    proxies = List.copyOf(proxies);
  }
}
