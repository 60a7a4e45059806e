package dev.socksify.agent.connect;

import dev.socksify.chain.Chain;
import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.rules.Decision;
import java.net.InetSocketAddress;

/**
 * Decides each destination's route with the configuration's rules: first match wins, and the built-in ones send
 * the proxies' own addresses and loopback direct and everything else to the default chain, so nothing leaks
 * unless a rule says so.
 */
public final class Router {
  private final SocksifyConfig config;

  public Router(SocksifyConfig config) {
    this.config = config;
  }

  /** The route to {@code target}; the name is unknown here (the app resolved it), so rules see the address. */
  public Routing route(InetSocketAddress target) {
    Decision decision = config.rules().decide(null, target.getAddress(), target.getPort());
    if (decision.isDirect()) {
      return new Routing.Direct(decision.rule().toString());
    }
    if (decision.isBlock()) {
      return new Routing.Refused("socksify: blocked by rule " + decision.rule());
    }
    Chain chain = config.chain(decision.chain())
        .orElseThrow(() -> new IllegalStateException("rule " + decision.rule() + " names no chain"));
    return new Routing.ViaChain(chain);
  }
}
