package dev.socksify.redirector.dns;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.Chain;
import dev.socksify.chain.config.DnsMode;
import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.dns.DnsMessage;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.chain.dns.FakeDnsResolver;
import dev.socksify.chain.netty.NettyChainConnector;
import dev.socksify.chain.rules.Decision;
import dev.socksify.redirector.Log;
import dev.socksify.redirector.daemon.DaemonExtension;
import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.CommandRunner;
import dev.socksify.redirector.firewall.FirewallException;
import dev.socksify.redirector.firewall.FirewallPlan;
import dev.socksify.redirector.firewall.RuleScript;
import dev.socksify.redirector.privilege.Capability;
import dev.socksify.redirector.udp.MarkedSockets;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The redirector's DNS ({@code [dns] mode fake-ip} or {@code forward}): the listener on 127.0.0.1 and ::1, the nat
 * rules that send this host's queries to it, and where it forwards. Part of the daemon's life as a
 * {@link DaemonExtension}; in {@code local} mode there is none, and queries go where they were sent.
 */
public final class DnsServer implements DaemonExtension {
  private final SocksifyConfig config;
  private final int mark;
  private final boolean ipv6;
  private final FakeAddressPool fakes;
  private final List<Path> resolvConf;
  private DnsListener listener;
  private DnsService service;
  private String plan = "";

  /**
   * @param fakes the fake-IP pool the TCP and UDP relays map back from (fake-ip mode), or null (forward mode)
   * @param resolvConf where the system's resolver is looked up, in order (see {@link SystemResolver})
   */
  public DnsServer(SocksifyConfig config, int mark, boolean ipv6, FakeAddressPool fakes, List<Path> resolvConf) {
    if (config.dns().mode() == DnsMode.LOCAL) {
      throw new IllegalArgumentException("no DNS listener in local mode");
    }
    this.config = config;
    this.mark = mark;
    this.ipv6 = ipv6;
    this.fakes = fakes;
    this.resolvConf = List.copyOf(resolvConf);
  }

  /** With the system's resolver looked up in the usual places. */
  public DnsServer(SocksifyConfig config, int mark, boolean ipv6, FakeAddressPool fakes) {
    this(config, mark, ipv6, fakes, SystemResolver.SOURCES);
  }

  @Override
  public String name() {
    return "DNS";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of();
  }

  @Override
  public void bind(EventLoopGroup boss, EventLoopGroup workers) throws Exception {
    MarkedSockets sockets = new MarkedSockets(mark);
    Bootstrap tcp = new Bootstrap().group(workers).channelFactory(sockets::tcp)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TcpDnsUpstream.TIMEOUT.toMillis());
    NettyChainConnector connector = new NettyChainConnector(tcp.clone());
    Optional<InetSocketAddress> system = SystemResolver.pick(resolvConf);
    Optional<InetSocketAddress> resolver = config.dns().resolver().or(() -> system);
    DnsUpstream forward = resolver.map(r -> upstream(r, connector, tcp))
        .orElseGet(() -> new Unavailable("no resolver to forward to: set [dns] resolver (no nameserver in "
            + resolvConf + " either)"));
    DnsUpstream direct = system.<DnsUpstream>map(r -> TcpDnsUpstream.direct(r, tcp)).orElse(forward);
    if (system.isEmpty()) {
      Log.warn("DNS: no usable nameserver in " + resolvConf + " (loopback ones are skipped): names the rules send"
          + " direct are resolved like the others, by " + forward.describe());
    }
    DnsRouting routing = new DnsRouting(config.rules(), config.hops(), forward, direct);
    FakeDnsResolver fakeResolver = fakes == null ? null
        : new FakeDnsResolver(fakes, name -> !routing.sendsDirect(name), FakeDnsResolver.DEFAULT_TTL_SECONDS);
    service = new DnsService(fakeResolver, routing);
    int port = config.dns().listenPort();
    try {
      listener = DnsListener.bind(boss, workers, port, ipv6, service);
    } catch (Exception e) {
      if (!ipv6) {
        throw e;
      }
      Log.warn("DNS: cannot listen on [::1]:" + port + " (" + e.getMessage() + "): IPv4 only");
      listener = DnsListener.bind(boss, workers, port, false, service);
    }
    plan = (fakes != null ? "fake-ip: A/AAAA answered from " + fakes.ipv4Range().or(fakes::ipv6Range).orElseThrow()
        + ", other queries to " : "forward: queries to ") + forward.describe() + "; names sent direct to "
        + direct.describe();
  }

  /** The resolver through the chain the rules pick for it (or directly, or nowhere, as they say). */
  private DnsUpstream upstream(InetSocketAddress resolver, NettyChainConnector connector, Bootstrap tcp) {
    Decision decision = resolver.isUnresolved()
        ? config.rules().decide(resolver.getHostString(), null, resolver.getPort())
        : config.rules().decide(null, resolver.getAddress(), resolver.getPort());
    if (decision.isDirect()) {
      return TcpDnsUpstream.direct(resolver, tcp);
    }
    if (decision.isBlock()) {
      return new Unavailable("the resolver " + Addresses.format(resolver) + " is blocked by rule " + decision.rule());
    }
    Chain chain = config.chains().get(decision.chain());
    if (chain == null) {
      return new Unavailable("rule " + decision.rule() + " names chain '" + decision.chain() + "', which does not"
          + " exist");
    }
    return TcpDnsUpstream.viaChain(chain, resolver, connector);
  }

  @Override
  public List<RuleScript> render(FirewallPlan plan, Backend backend) {
    int port = listener != null ? listener.port() : config.dns().listenPort();
    boolean v6 = plan.ipv6() && (listener != null ? listener.ipv6() : ipv6);
    return new DnsRules(port).render(plan, backend, v6);
  }

  @Override
  public void install(FirewallPlan plan, Backend backend, CommandRunner runner) throws FirewallException {
    for (RuleScript script : render(plan, backend)) {
      runner.check(script.command(), script.input());
    }
  }

  @Override
  public List<String> leftovers(CommandRunner runner) {
    // its chains and table are found and removed with the TCP rules (same prefix)
    return List.of();
  }

  @Override
  public void removeRules(CommandRunner runner) {
    // as above
  }

  @Override
  public void open() {
    listener.open();
  }

  @Override
  public String describe() {
    return "on " + listener.addresses() + ", " + plan;
  }

  @Override
  public String status() {
    return describe() + "; queries: " + service.counters();
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close();
    }
  }

  /** Forwarding is impossible as configured: every such query fails with the reason. */
  private record Unavailable(String reason) implements DnsUpstream {
    @Override
    public Future<byte[]> exchange(byte[] query, DnsMessage asked, EventLoop loop) {
      return loop.newFailedFuture(new IOException(reason));
    }

    @Override
    public String describe() {
      return "nowhere (" + reason + ")";
    }
  }
}
