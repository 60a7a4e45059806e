package dev.socksify.agent.connect;

import dev.socksify.agent.dns.HostNames;
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

  /**
   * The route to {@code target}: rules see its name (unresolved, as behind a fake address, or the name the app looked
   * the address up by) and its address.
   */
  public Routing route(InetSocketAddress target) {
    Decision decision = config.rules().decide(HostNames.of(target), target.getAddress(), target.getPort());
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
