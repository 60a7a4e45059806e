package dev.socksify.agent.dns;

import dev.socksify.agent.connect.Router;
import dev.socksify.agent.inband.SunNio;
import dev.socksify.agent.install.Hook;
import dev.socksify.agent.install.Hooks;
import dev.socksify.chain.Hop;
import dev.socksify.chain.config.DnsMode;
import dev.socksify.chain.config.DnsSettings;
import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.connect.HostResolver;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.chain.dns.FakeRange;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.util.List;
import sun.nio.ch.SocksifyBridge;
import sun.nio.ch.SocksifyNameHooks;

/**
 * The agent's DNS, built from the configuration's {@code [dns]} and rules: with local DNS the JDK resolves as always
 * and only the rules learn the names addresses were looked up by; with remote DNS ({@code fake-ip}, {@code forward},
 * a {@code socks5h}/{@code socks4a}/{@code http} last hop, proxychains' {@code proxy_dns}) the name service hooks
 * answer lookups too, and connects map fake addresses back to names.
 */
public final class AgentDns {
  /**
   * {@code -Dsocksify.dns.capacity=N}: how many names the fake address map remembers per address family before it
   * forgets the least recently used ({@value FakeAddressPool#DEFAULT_CAPACITY} by default).
   */
  public static final String CAPACITY_PROPERTY = "socksify.dns.capacity";

  private final RemoteDns names;
  private final Destinations destinations;
  private final HostResolver resolver;
  private final String description;

  private AgentDns(RemoteDns names, Destinations destinations, HostResolver resolver, String description) {
    this.names = names;
    this.destinations = destinations;
    this.resolver = resolver;
    this.description = description;
  }

  /** No name handling at all: the agent has no configuration and refuses every connection anyway. */
  public static AgentDns none() {
    return new AgentDns(null, Destinations.none(), HostResolver.system(), "dns untouched");
  }

  /**
   * Opens the {@code InetAddress} internals and builds the DNS the configuration asks for. Install the name hooks
   * ({@link #install()}) and the returned {@link #hooks()} afterwards.
   *
   * @param nio connects a name the rules send direct at connect time; may be null when the agent refuses everything
   * @throws ReflectiveOperationException this JDK lacks an internal of {@code InetAddress} the agent needs
   */
  public static AgentDns start(SocksifyConfig config, Instrumentation inst, SunNio nio, boolean debug,
      PrintStream out) throws ReflectiveOperationException {
    InetAddressInternals internals = InetAddressInternals.open(inst);
    HostNames.use(internals);
    DnsSettings dns = config.dns();
    if (!dns.remote()) {
      return new AgentDns(null, Destinations.none(), HostResolver.system(), dns.toString());
    }
    // past the JDK's cache, which may hold the fake addresses the app got for the same name
    HostResolver resolver = host -> internals.resolve(host)[0];
    FakeAddressPool pool = null;
    NameAnswers answers;
    if (dns.mode() == DnsMode.FORWARD) {
      answers = new ForwardAnswers(dns.resolver().orElseThrow(() -> new IllegalStateException("dns forward without a"
          + " resolver")), new Router(config), resolver, config.timeouts().read());
    } else {
      pool = pool(dns);
      answers = new FakeAnswers(pool);
    }
    LocalNames local = LocalNames.system(internals.localHostName(), config.hops().stream().map(Hop::host).toList());
    RemoteDns names = new RemoteDns(local, new LookupPolicy(config.rules()), answers, pool, new DnsLog(debug, out));
    return new AgentDns(names, new Destinations(pool, internals, nio), resolver, dns + ", " + answers.describe());
  }

  private static FakeAddressPool pool(DnsSettings dns) {
    FakeRange range = FakeRange.of(dns.fakeSubnet());
    int capacity = Integer.getInteger(CAPACITY_PROPERTY, FakeAddressPool.DEFAULT_CAPACITY);
    return range.isIpv4() ? FakeAddressPool.of(range, null, capacity) : FakeAddressPool.of(null, range, capacity);
  }

  /**
   * The hooks to install: the connect hooks, and the name service hooks when names go to the chain. Decided from the
   * configuration alone, so the hooks can be registered before {@link #start} loads the classes they change; should
   * the start fail, the name hooks find no names installed and pass lookups on, while every connection is refused.
   */
  public static List<Hook> hooksFor(SocksifyConfig config) {
    return config != null && config.dns().remote() ? Hooks.withDns() : Hooks.all();
  }

  /** Plugs the name hooks into the bridge (before the hooks are installed). */
  public void install() {
    if (names != null) {
      RemoteDns remote = names;
      SocksifyBridge.installNames(new SocksifyNameHooks() {
        @Override
        public Object lookup(String host) {
          return remote.lookup(host);
        }

        @Override
        public String reverseLookup(InetAddress address) {
          return remote.reverseLookup(address);
        }
      });
    }
  }

  /** What connects ask about their destination. */
  public Destinations destinations() {
    return destinations;
  }

  /** Resolves hop names (and names for hops that take addresses) here, never with a fake answer. */
  public HostResolver resolver() {
    return resolver;
  }

  /** For the start-up line: {@code dns fake-ip 198.18.0.0/15, fake addresses 198.18.0.0/15, no IPv6}. */
  @Override
  public String toString() {
    return description;
  }
}
