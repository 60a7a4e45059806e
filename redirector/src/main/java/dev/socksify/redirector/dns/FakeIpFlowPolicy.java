package dev.socksify.redirector.dns;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.Chain;
import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.chain.dns.StaleFakeAddressException;
import dev.socksify.chain.netty.NettyChainConnector;
import dev.socksify.chain.rules.Decision;
import dev.socksify.chain.rules.Rules;
import dev.socksify.redirector.relay.ChainUpstream;
import dev.socksify.redirector.relay.FlowPolicy;
import dev.socksify.redirector.relay.Tunnel;
import dev.socksify.redirector.relay.Upstream;
import dev.socksify.redirector.relay.UpstreamChannels;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * TCP flows to a fake address (fake-ip DNS): the name behind it decides by the rules (so {@code domain} rules work
 * in the redirector), and the chain is asked to connect to the name, so the last hop resolves it. Every other
 * destination is left to the policy it wraps. A fake address that maps to no name (from before a restart) fails
 * the flow: it never goes out to the fake address itself.
 */
public final class FakeIpFlowPolicy implements FlowPolicy {
  private final FakeAddressPool fakes;
  private final Rules rules;
  private final FlowPolicy others;
  private final Map<String, Upstream> chains = new HashMap<>();

  /**
   * @param others the policy for real addresses
   * @param channels the marked sockets hop 1 is reached with (as for the policy it wraps)
   */
  public FakeIpFlowPolicy(FakeAddressPool fakes, SocksifyConfig config, FlowPolicy others, UpstreamChannels channels,
      EventLoopGroup workers) {
    this.fakes = fakes;
    this.rules = config.rules();
    this.others = others;
    NettyChainConnector connector = new NettyChainConnector(
        new Bootstrap().group(workers).channelFactory(channels::newChannel));
    for (Chain chain : config.chains().values()) {
      chains.put(chain.name(), new ChainUpstream(chain, connector));
    }
  }

  @Override
  public Upstream upstreamFor(InetSocketAddress destination) {
    Optional<String> name;
    try {
      name = fakes.nameForConnect(destination.getAddress());
    } catch (StaleFakeAddressException e) {
      return new Refused("nothing", e.getMessage());
    }
    if (name.isEmpty()) {
      return others.upstreamFor(destination);
    }
    InetSocketAddress named = InetSocketAddress.createUnresolved(name.get(), destination.getPort());
    Decision decision = rules.decide(name.get(), null, destination.getPort());
    if (decision.isBlock()) {
      return new Refused("nothing (blocked)", "blocked by rule " + decision.rule() + " for " + Addresses.format(named));
    }
    if (decision.isDirect()) {
      return new Refused("direct", "rule " + decision.rule() + " sends " + Addresses.format(named) + " direct, but"
          + " its name was answered with a fake address (a port-specific direct rule?); make the rule apply to"
          + " every port of the name");
    }
    Upstream chain = chains.get(decision.chain());
    if (chain == null) {
      return new Refused("nothing", "rule " + decision.rule() + " names chain '" + decision.chain()
          + "', which does not exist");
    }
    return new Named(chain, named);
  }

  /** Through a chain to the name, whatever fake address the flow was redirected from. */
  private record Named(Upstream chain, InetSocketAddress name) implements Upstream {
    @Override
    public Future<Tunnel> open(EventLoop loop, InetSocketAddress destination) {
      return chain.open(loop, name);
    }

    @Override
    public String via() {
      return chain.via() + " as " + Addresses.format(name);
    }
  }

  /** A flow that must not be relayed; the reason is its log line. */
  private record Refused(String via, String reason) implements Upstream {
    @Override
    public Future<Tunnel> open(EventLoop loop, InetSocketAddress destination) {
      return loop.newFailedFuture(new IOException(reason));
    }
  }
}
