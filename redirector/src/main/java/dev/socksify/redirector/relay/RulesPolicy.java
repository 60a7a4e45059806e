package dev.socksify.redirector.relay;

import dev.socksify.chain.Chain;
import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.netty.NettyChainConnector;
import dev.socksify.chain.rules.Decision;
import dev.socksify.chain.rules.Rules;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The config's rules, as the agent applies them: the original destination's address and port decide between a
 * chain, a direct connection and a block. The redirector only sees addresses (a name behind a fake address comes
 * with the fake-IP DNS of issue 6). Upstreams are made once per chain and once per blocking rule.
 */
public final class RulesPolicy implements FlowPolicy {
  private final Rules rules;
  private final Map<String, Upstream> chains = new HashMap<>();
  private final Upstream direct;
  private final Map<Decision, Upstream> blocks = new ConcurrentHashMap<>();

  public RulesPolicy(SocksifyConfig config, UpstreamChannels channels, EventLoopGroup workers) {
    this.rules = config.rules();
    this.direct = new DirectUpstream(channels);
    // hop 1 sockets come from the same factory as direct ones: marked, half-closable, auto-read off
    Bootstrap bootstrap = new Bootstrap().group(workers).channelFactory(channels::newChannel);
    NettyChainConnector connector = new NettyChainConnector(bootstrap);
    for (Chain chain : config.chains().values()) {
      chains.put(chain.name(), new ChainUpstream(chain, connector));
    }
  }

  @Override
  public Upstream upstreamFor(InetSocketAddress destination) {
    Decision decision = rules.decide(null, destination.getAddress(), destination.getPort());
    if (decision.isChain()) {
      Upstream chain = chains.get(decision.chain());
      if (chain != null) {
        return chain;
      }
      return blocks.computeIfAbsent(decision,
          d -> new BlockedUpstream("rule " + d.rule() + ", whose chain '" + d.chain() + "' does not exist"));
    }
    if (decision.isDirect()) {
      return direct;
    }
    return blocks.computeIfAbsent(decision, d -> new BlockedUpstream("rule " + d.rule()));
  }
}
