package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.testkit.peers.Dnsmasq;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Remote DNS and rules under the agent, proven on the resolver's own log: the app runs in a namespace whose only
 * resolver is a dnsmasq logging every query ({@link DnsLab}); names that go to the chain must never show up there,
 * while the app reaches them by name through microsocks and a danted that resolves them with its own resolver.
 * Names the rules send direct, this host's name and /etc/hosts names are resolved locally (and do show up, or
 * come from the hosts file).
 */
class RemoteDnsIT {
  private static final String FAKE_PREFIX = "198.18.0.";

  private static DnsLab lab;

  /** On a failure the lab's configs and logs stay on disk. */
  @RegisterExtension
  static final AfterTestExecutionCallback KEEP_FILES_ON_FAILURE = context -> {
    if (context.getExecutionException().isPresent() && lab != null) {
      lab.keepFiles();
    }
  };
  private static Path config;
  private static Path forwardConfig;
  private static int blockLine;

  @BeforeAll
  static void start() {
    lab = DnsLab.start();
    // the port rule for mixed.test must not also catch the far side's ports (separate namespaces may coincide)
    assertNotEquals(lab.nearPeerPort(), lab.farPeerPort(), "the near and far peer servers got the same port; rerun");
    assertNotEquals(lab.nearPeerPort(), lab.farWebPort(), "the near peer and far web servers got the same port; rerun");
    assertNotEquals(lab.nearWebPort(), lab.farPeerPort(), "the near web and far peer servers got the same port; rerun");
    String hops = "socks5h " + DnsLab.DANTED + " " + lab.dantedPort() + "\n";
    List<String> lines = List.of(
        "# the remote DNS tests: hop 1 microsocks in the app's namespace, hop 2 danted on the far side",
        "[ProxyList]",
        "socks5 127.0.0.1 " + lab.microsocksPort(),
        hops.strip(),
        "",
        "[chain short]",
        hops.strip(),
        "",
        "[rules]",
        "domain direct.test -> direct",
        "domain mixed.test port " + lab.nearPeerPort() + "," + lab.nearWebPort() + " -> direct",
        "domain blocked.test -> block",
        "domain short.test -> chain short",
        "default -> chain default",
        "",
        "[dns]",
        "mode fake-ip",
        "fake_subnet " + FAKE_PREFIX + "0/24");
    blockLine = lines.indexOf("domain blocked.test -> block") + 1;
    config = lab.write("socksify.conf", String.join("\n", lines) + "\n");
    List<String> forward = new ArrayList<>(lines.subList(0, lines.indexOf("[dns]")));
    forward.addAll(List.of("[dns]", "mode forward", "resolver " + DnsLab.FAR_RESOLVER));
    forwardConfig = lab.write("forward.conf", String.join("\n", forward) + "\n");
  }

  @AfterAll
  static void stop() {
    if (lab != null) {
      lab.close();
      lab = null;
    }
  }

  private static AgentJvm app(Jdk jdk) {
    return AgentJvm.on(jdk).inNamespace(lab.appNamespace()).agent(config.toString()).debug();
  }

  private static int count(Dnsmasq dns) {
    try {
      return dns.queries().size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The queries {@code dns} logged for {@code name} since it had logged {@code before} queries in all. */
  private static List<Dnsmasq.Query> queriesSince(Dnsmasq dns, int before, String name) {
    try {
      return dns.queries().subList(before, dns.queries().size()).stream()
          .filter(q -> q.name().equalsIgnoreCase(name)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String context(AppRun run) {
    return run + "\n" + lab.logs();
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void namesThatGoToTheChainNeverReachTheLocalResolver(Jdk jdk) {
    int appBefore = count(lab.appDns());
    int farBefore = count(lab.farDns());
    // a name per run: danted caches what it resolved, and the far resolver must be asked in each run
    String name = "service-" + jdk.name().toLowerCase(Locale.ROOT) + ".test";
    String peer = "socket:" + name + ":" + lab.farPeerPort();
    String urlConnection = "urlconnection:http://" + name + ":" + lab.farWebPort() + "/";
    String httpClient = "http:http://" + name + ":" + lab.farWebPort() + "/";
    AppRun run = app(jdk).run("app.DnsApp", "lookup:" + name, "reverse:" + name, peer, urlConnection, httpClient)
        .assertOk();
    String lookup = run.require("lookup:" + name);
    assertTrue(lookup.startsWith(name + "/" + FAKE_PREFIX), "a fake address that carries the name\n" + context(run));
    assertEquals(name + "," + name, run.require("reverse:" + name),
        "getHostName() and getCanonicalHostName() of a bare fake address\n" + context(run));
    assertTrue(run.require(peer).startsWith("peer=" + DnsLab.EGRESS + ":"), "through the chain\n" + context(run));
    assertTrue(run.require(peer).endsWith("|" + lookup + ":" + lab.farPeerPort()),
        "getRemoteSocketAddress() is the name and its fake address\n" + context(run));
    assertTrue(run.require(urlConnection).startsWith("200 peer=" + DnsLab.EGRESS + ":"), context(run));
    assertTrue(run.require(httpClient).startsWith("200 peer=" + DnsLab.EGRESS + ":"), context(run));
    assertTrue(run.stderr().contains("main -> " + name + ":" + lab.farPeerPort() + " via socks5h 127.0.0.1:"
        + lab.microsocksPort() + " > socks5h " + DnsLab.DANTED + ":" + lab.dantedPort() + ": ok (in-band)"),
        "the chain was given the name\n" + context(run));
    assertEquals(List.of(), queriesSince(lab.appDns(), appBefore, name),
        "the local resolver was asked for a name that goes to the chain\n" + context(run));
    assertFalse(queriesSince(lab.farDns(), farBefore, name).isEmpty(),
        "the last hop resolved the name with its own resolver\n" + context(run));
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aRuleForANamePicksItsChain(Jdk jdk) {
    int appBefore = count(lab.appDns());
    String step = "socket:short.test:" + lab.farPeerPort();
    AppRun run = app(jdk).run("app.DnsApp", step).assertOk();
    assertTrue(run.require(step).startsWith("peer=" + DnsLab.EGRESS + ":"), context(run));
    assertTrue(run.stderr().contains("main -> short.test:" + lab.farPeerPort() + " via socks5h " + DnsLab.DANTED
        + ":" + lab.dantedPort() + ": ok (in-band)"), "chain 'short' has danted only\n" + context(run));
    assertEquals(List.of(), queriesSince(lab.appDns(), appBefore, "short.test"), context(run));
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void namesTheRulesSendDirectAreResolvedHereAndConnectDirectly(Jdk jdk) {
    int appBefore = count(lab.appDns());
    String step = "socket:direct.test:" + lab.nearPeerPort();
    AppRun run = app(jdk).run("app.DnsApp", "lookup:direct.test", step).assertOk();
    assertEquals("direct.test/" + DnsLab.NEAR, run.require("lookup:direct.test"), context(run));
    // the near server sees the app's own namespace; through the chain it could not be reached at all
    assertTrue(run.require(step).startsWith("peer=" + DnsLab.NEAR + ":"), context(run));
    assertTrue(run.stderr().contains("main -> " + DnsLab.NEAR + ":" + lab.nearPeerPort()
        + " direct ('domain direct.test -> direct' (" + config + ":"), "the domain rule decided\n" + context(run));
    assertFalse(queriesSince(lab.appDns(), appBefore, "direct.test").isEmpty(),
        "a direct name is resolved by the local resolver (so the zero-query checks can fail)\n" + context(run));
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aPortRuleSendsANameDirectOnlyOnThatPort(Jdk jdk) {
    int appBefore = count(lab.appDns());
    String direct = "socket:mixed.test:" + lab.nearPeerPort();
    String chained = "socket:mixed.test:" + lab.farPeerPort();
    String nonBlocking = "http:http://mixed.test:" + lab.nearWebPort() + "/";
    AppRun run = app(jdk).run("app.DnsApp", "lookup:mixed.test", chained, direct, nonBlocking).assertOk();
    assertTrue(run.require("lookup:mixed.test").startsWith("mixed.test/" + FAKE_PREFIX),
        "which way it goes depends on the port, so the lookup keeps the name\n" + context(run));
    assertTrue(run.require(chained).startsWith("peer=" + DnsLab.EGRESS + ":"), context(run));
    assertTrue(run.require(direct).startsWith("peer=" + DnsLab.NEAR + ":"),
        "resolved here at connect time and connected directly\n" + context(run));
    assertTrue(run.stderr().contains("main -> mixed.test:" + lab.nearPeerPort() + " direct ('domain mixed.test port "
        + lab.nearPeerPort() + "," + lab.nearWebPort() + " -> direct'"), context(run));
    assertTrue(run.require(nonBlocking).startsWith("200 peer=" + DnsLab.NEAR + ":"),
        "HttpClient's non-blocking connect, directly to the name resolved here\n" + context(run));
    assertFalse(queriesSince(lab.appDns(), appBefore, "mixed.test").isEmpty(), context(run));
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aBlockRuleFailsTheConnectNamingTheRule(Jdk jdk) {
    int appBefore = count(lab.appDns());
    int farBefore = count(lab.farDns());
    String step = "socket:blocked.test:" + lab.farPeerPort();
    AppRun run = app(jdk).run("app.DnsApp", step).assertOk();
    assertEquals("error java.net.ConnectException: socksify: blocked by rule 'domain blocked.test -> block' ("
        + config + ":" + blockLine + ")", run.require(step), context(run));
    assertEquals(List.of(), queriesSince(lab.appDns(), appBefore, "blocked.test"), context(run));
    assertEquals(List.of(), queriesSince(lab.farDns(), farBefore, "blocked.test"), context(run));
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void localhostHostsFileNamesAndThisHostResolveHere(Jdk jdk) {
    int appBefore = count(lab.appDns());
    AppRun run = app(jdk).run("app.DnsApp", "lookup:localhost", "lookup:hosts-only.test", "localhost:")
        .assertOk();
    assertTrue(run.require("lookup:localhost").startsWith("localhost/127.0.0.1"), context(run));
    assertFalse(run.require("lookup:localhost").contains(FAKE_PREFIX), context(run));
    assertEquals("hosts-only.test/" + DnsLab.HOSTS_ONLY, run.require("lookup:hosts-only.test"), context(run));
    assertEquals(lab.hostName() + "/" + DnsLab.NEAR, run.require("localhost:"),
        "getLocalHost() resolves this host's name here\n" + context(run));
    assertEquals(List.of(), queriesSince(lab.appDns(), appBefore, "hosts-only.test"), context(run));
    assertEquals(List.of(), queriesSince(lab.appDns(), appBefore, "localhost"), context(run));
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aStaleFakeAddressFailsClosed(Jdk jdk) {
    int farBefore = count(lab.farDns());
    String forgotten = "socket:one.test:" + lab.farPeerPort();
    String neverHandedOut = "socket:" + FAKE_PREFIX + "200:" + lab.farPeerPort();
    String remembered = "socket:two.test:" + lab.farPeerPort();
    // one name remembered: looking up two.test makes the map forget one.test, while the JDK's cache still has it
    AppRun run = app(jdk).option("-Dsocksify.dns.capacity=1")
        .run("app.DnsApp", "lookup:one.test", "lookup:two.test", forgotten, neverHandedOut, remembered).assertOk();
    assertTrue(run.require(forgotten).startsWith("error java.net.UnknownHostException: socksify: " + FAKE_PREFIX),
        context(run));
    assertTrue(run.require(forgotten).contains("is a fake address (range " + FAKE_PREFIX + "0/24) that maps to no name"),
        context(run));
    assertTrue(run.require(neverHandedOut).startsWith("error java.net.UnknownHostException: socksify: " + FAKE_PREFIX + "200 is"
        + " a fake address"), context(run));
    assertTrue(run.require(remembered).startsWith("peer=" + DnsLab.EGRESS + ":"), context(run));
    assertEquals(List.of(), queriesSince(lab.farDns(), farBefore, "one.test"), "nothing went anywhere\n"
        + context(run));
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void nettysDefaultResolverGetsTheNameToTheChainToo(Jdk jdk) {
    int appBefore = count(lab.appDns());
    String name = "netty-" + jdk.name().toLowerCase(Locale.ROOT) + ".test";
    AppRun run = app(jdk).run("app.NettyApp", "auto", name, Integer.toString(lab.farPeerPort())).assertOk();
    assertTrue(run.require("greeting").startsWith("peer=" + DnsLab.EGRESS + ":"), context(run));
    assertTrue(run.require("remote").startsWith(name + "/" + FAKE_PREFIX), context(run));
    assertEquals(List.of(), queriesSince(lab.appDns(), appBefore, name), context(run));
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void forwardDnsAsksTheFarResolverThroughTheChain(Jdk jdk) {
    int appBefore = count(lab.appDns());
    int farBefore = count(lab.farDns());
    String name = "forward-" + jdk.name().toLowerCase(Locale.ROOT) + ".test";
    String peer = "socket:" + name + ":" + lab.farPeerPort();
    AppRun run = AgentJvm.on(jdk).inNamespace(lab.appNamespace()).agent(forwardConfig.toString()).debug()
        .run("app.DnsApp", "lookup:" + name, peer, "lookup:direct.test").assertOk();
    assertEquals(name + "/" + DnsLab.FAR, run.require("lookup:" + name),
        "the real address, which only the far resolver knows\n" + context(run));
    assertTrue(run.require(peer).startsWith("peer=" + DnsLab.EGRESS + ":"), context(run));
    assertEquals("direct.test/" + DnsLab.NEAR, run.require("lookup:direct.test"), context(run));
    assertEquals(List.of(), queriesSince(lab.appDns(), appBefore, name), context(run));
    List<Dnsmasq.Query> asked = queriesSince(lab.farDns(), farBefore, name);
    assertFalse(asked.isEmpty(), context(run));
    assertTrue(asked.stream().allMatch(q -> q.client().equals(DnsLab.EGRESS)),
        "the query came from the last hop's egress: " + asked + "\n" + context(run));
  }

  @Test
  void aSocks5hLastHopTurnsRemoteDnsOn() {
    int appBefore = count(lab.appDns());
    String urls = "socks5://127.0.0.1:" + lab.microsocksPort() + ",socks5h://" + DnsLab.DANTED + ":"
        + lab.dantedPort();
    String step = "socket:service.test:" + lab.farPeerPort();
    AppRun run = AgentJvm.on(Jdk.JDK17).inNamespace(lab.appNamespace()).agent(urls).run("app.DnsApp", step)
        .assertOk();
    assertTrue(run.require(step).startsWith("peer=" + DnsLab.EGRESS + ":"), context(run));
    assertEquals(List.of(), queriesSince(lab.appDns(), appBefore, "service.test"), context(run));
  }

  @Test
  void withoutTheAgentTheLocalResolverIsAsked() {
    int appBefore = count(lab.appDns());
    AppRun run = AgentJvm.on(Jdk.JDK17).inNamespace(lab.appNamespace()).withoutAgent()
        .run("app.DnsApp", "lookup:service.test").assertOk();
    assertTrue(run.require("lookup:service.test").startsWith("error java.net.UnknownHostException"), context(run));
    assertFalse(queriesSince(lab.appDns(), appBefore, "service.test").isEmpty(),
        "the app's namespace resolves through the logging dnsmasq, so the agent tests' zero counts mean something\n"
            + context(run));
  }
}
