package dev.socksify.chain.connect;

import static dev.socksify.chain.connect.Loopback.hop;
import static dev.socksify.chain.connect.Loopback.peerFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Credentials;
import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.Timeouts;
import dev.socksify.chain.connect.Runner.Tunnel;
import dev.socksify.testkit.EmbeddedHttpConnectServer;
import dev.socksify.testkit.EmbeddedProxyServer;
import dev.socksify.testkit.EmbeddedProxyServer.Mode;
import dev.socksify.testkit.EmbeddedSocks5Server;
import dev.socksify.testkit.PeerEchoServer;
import dev.socksify.testkit.RequestedTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every protocol's real client handshake, run by every runner, against the embedded servers: success,
 * refusal, timeout and garbage for each scheme alone and in mixed chains of 2 to 4 hops (scheme order shuffled,
 * seed in the failure message), names sent or resolved per scheme, IPv6 destinations, bytes behind the last
 * reply, credentials.
 */
class ProtocolMatrixTest {
  private static List<Runner> runners;

  private Loopback lab;

  static List<Runner> runnerList() {
    if (runners == null) {
      runners = Runner.all();
    }
    return runners;
  }

  static Stream<Arguments> runnerAndType() {
    return runnerList().stream().flatMap(r -> Arrays.stream(ProxyType.values()).map(t -> Arguments.of(r, t)));
  }

  static Stream<Arguments> runnerAndLength() {
    return runnerList().stream().flatMap(r -> Stream.of(2, 3, 4).map(n -> Arguments.of(r, n)));
  }

  static Stream<Runner> runners() {
    return runnerList().stream();
  }

  @AfterAll
  static void stopRunners() {
    if (runners != null) {
      runners.forEach(Runner::shutdown);
    }
  }

  @BeforeEach
  void start() throws IOException {
    lab = new Loopback();
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private static Tunnel connect(Runner runner, Chain chain, InetSocketAddress destination) throws ChainException {
    return runner.connect(chain, destination, HostResolver.system(), Handshakes.connect());
  }

  private String context(ProxyType type, EmbeddedProxyServer<?> server, int index) {
    return "hop " + index + " " + type.scheme() + " 127.0.0.1:" + server.port() + " -> 127.0.0.1:" + lab.echo.port();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("runnerAndType")
  void oneHopConnectsAndRelays(Runner runner, ProxyType type) throws Exception {
    EmbeddedProxyServer<?> proxy = lab.proxy(type, Mode.OK, 1);
    try (Tunnel tunnel = connect(runner, Chain.strict("one", List.of(hop(type, proxy))), lab.destination())) {
      assertTrue(tunnel.readLine().startsWith(peerFrom(1)));
      tunnel.write("ping " + type);
      tunnel.shutdownOutput();
      assertEquals("ping " + type, tunnel.readToEnd());
    }
    assertEquals(new RequestedTarget("127.0.0.1", lab.echo.port(), false), proxy.lastTarget());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("runnerAndType")
  void oneHopRefusalIsRefusedWithTheReplyCode(Runner runner, ProxyType type) throws Exception {
    EmbeddedProxyServer<?> proxy = lab.proxy(type, Mode.REFUSE, 1);
    HopRefusedException e =
        assertThrows(
            HopRefusedException.class,
            () -> connect(runner, Chain.strict("one", List.of(hop(type, proxy))), lab.destination()));
    assertTrue(e.getMessage().startsWith(context(type, proxy, 1) + ": "), e.getMessage());
    assertNotEquals(-1, e.replyCode(), e.getMessage());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("runnerAndType")
  void oneHopThatHangsTimesOut(Runner runner, ProxyType type) throws Exception {
    EmbeddedProxyServer<?> proxy = lab.proxy(type, Mode.HANG, 1);
    Hop hop = hop(type, proxy, Loopback.TIMEOUTS.withRead(Loopback.SHORT_READ));
    HopUnreachableException e =
        assertThrows(
            HopUnreachableException.class,
            () -> connect(runner, Chain.strict("one", List.of(hop)), lab.destination()));
    assertEquals(context(type, proxy, 1) + ": no reply within 300 ms", e.getMessage());
    assertEquals(DirectFailure.TIMEOUT, e.directFailure());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("runnerAndType")
  void oneHopThatAnswersGarbageIsAProtocolError(Runner runner, ProxyType type) throws Exception {
    EmbeddedProxyServer<?> proxy = lab.proxy(type, Mode.GARBAGE, 1);
    HopUnreachableException e =
        assertThrows(
            HopUnreachableException.class,
            () -> connect(runner, Chain.strict("one", List.of(hop(type, proxy))), lab.destination()));
    assertTrue(e.getMessage().startsWith(context(type, proxy, 1) + ": protocol error"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("runnerAndType")
  void theDestinationNameIsSentOrResolvedAsTheSchemeSays(Runner runner, ProxyType type) throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    List<String> lookups = Collections.synchronizedList(new ArrayList<>());
    HostResolver resolver =
        host -> {
          lookups.add(host);
          if (!host.equals("echo.test")) {
            throw new UnknownHostException(host);
          }
          return loopback;
        };
    EmbeddedProxyServer<?> first = lab.proxy(ProxyType.SOCKS5H, Mode.OK, 1);
    EmbeddedProxyServer<?> last = lab.proxy(type, Mode.OK, 2).mapHost("echo.test", loopback);
    InetSocketAddress destination = InetSocketAddress.createUnresolved("echo.test", lab.echo.port());
    Chain chain = Chain.strict("names", List.of(hop(ProxyType.SOCKS5H, first), hop(type, last)));
    try (Tunnel tunnel = runner.connect(chain, destination, resolver, Handshakes.connect())) {
      assertTrue(tunnel.readLine().startsWith(peerFrom(2)));
    }
    RequestedTarget expected =
        type.remoteDns()
            ? new RequestedTarget("echo.test", lab.echo.port(), true)
            : new RequestedTarget("127.0.0.1", lab.echo.port(), false);
    assertEquals(expected, last.lastTarget());
    assertEquals(type.remoteDns() ? List.of() : List.of("echo.test"), lookups);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("runnerAndType")
  void anIpv6DestinationGoesThroughEverySchemeButSocks4(Runner runner, ProxyType type) throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    try (PeerEchoServer echo6 = new PeerEchoServer(v6)) {
      EmbeddedProxyServer<?> proxy = lab.proxy(type, Mode.OK, 1).outboundFrom(null);
      Chain chain = Chain.strict("v6", List.of(hop(type, proxy)));
      if (type == ProxyType.SOCKS4 || type == ProxyType.SOCKS4A) {
        HopRefusedException e = assertThrows(HopRefusedException.class, () -> connect(runner, chain, echo6.address()));
        assertEquals(
            "hop 1 " + type.scheme() + " 127.0.0.1:" + proxy.port() + " -> " + Addresses.format(echo6.address()) + ": "
                + type.scheme() + " cannot carry IPv6 addresses",
            e.getMessage());
        return;
      }
      try (Tunnel tunnel = connect(runner, chain, echo6.address())) {
        String peer = tunnel.readLine();
        assertTrue(peer.startsWith("peer=[" + v6.getHostAddress() + "]:"), peer);
      }
      assertEquals(v6, InetAddress.getByName(proxy.lastTarget().host()));
      assertFalse(proxy.lastTarget().sentAsName());
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("runnerAndType")
  void bytesBehindTheLastReplyReachTheApp(Runner runner, ProxyType type) throws Exception {
    EmbeddedProxyServer<?> first = lab.proxy(ProxyType.SOCKS5, Mode.OK, 1);
    EmbeddedProxyServer<?> last = lab.proxy(type, Mode.OK, 2).replyWithFirstBytes(true);
    Chain chain = Chain.strict("surplus", List.of(hop(ProxyType.SOCKS5, first), hop(type, last)));
    try (Tunnel tunnel = connect(runner, chain, lab.destination())) {
      assertTrue(tunnel.readLine().startsWith(peerFrom(2)));
      tunnel.write("rest");
      tunnel.shutdownOutput();
      assertEquals("rest", tunnel.readToEnd());
    }
  }

  /** Schemes in a random order (logged), {@code n} of them, no scheme twice. */
  private static List<ProxyType> shuffledTypes(long seed, int n) {
    List<ProxyType> types = new ArrayList<>(Arrays.asList(ProxyType.values()));
    Collections.shuffle(types, new Random(seed));
    return types.subList(0, n);
  }

  @ParameterizedTest(name = "{0} {1} hops")
  @MethodSource("runnerAndLength")
  void aMixedChainReachesTheDestinationFromItsLastHop(Runner runner, int n) throws Exception {
    long seed = new Random().nextLong();
    List<ProxyType> types = shuffledTypes(seed, n);
    String why = "types " + types + " (seed " + seed + ")";
    List<EmbeddedProxyServer<?>> servers = new ArrayList<>();
    List<Hop> hops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      servers.add(lab.proxy(types.get(i), Mode.OK, i + 1));
      hops.add(hop(types.get(i), servers.get(i)));
    }
    try (Tunnel tunnel = connect(runner, Chain.strict("mixed", hops), lab.destination())) {
      assertTrue(tunnel.readLine().startsWith(peerFrom(n)), why);
      assertEquals(hops, tunnel.hops(), why);
      tunnel.write("through " + n);
      tunnel.shutdownOutput();
      assertEquals("through " + n, tunnel.readToEnd(), why);
    }
    for (int i = 0; i < n; i++) {
      int port = i + 1 < n ? servers.get(i + 1).port() : lab.echo.port();
      assertEquals(new RequestedTarget("127.0.0.1", port, false), servers.get(i).lastTarget(), "hop " + (i + 1) + ", " + why);
      assertEquals(1, servers.get(i).connectionCount(), why);
    }
  }

  @ParameterizedTest(name = "{0} {1} hops")
  @MethodSource("runnerAndLength")
  void aMixedChainFailsAtTheHopThatRefusesHangsOrAnswersGarbage(Runner runner, int n) throws Exception {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    List<ProxyType> types = shuffledTypes(seed, n);
    String why = "types " + types + " (seed " + seed + ")";
    Timeouts shortRead = Loopback.TIMEOUTS.withRead(Loopback.SHORT_READ);

    for (Mode mode : List.of(Mode.REFUSE, Mode.HANG, Mode.GARBAGE)) {
      // a refusal is the last hop's (the destination refused); hangs and garbage may be any hop's
      int bad = mode == Mode.REFUSE ? n : 1 + random.nextInt(n);
      List<Hop> hops = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        EmbeddedProxyServer<?> server = lab.proxy(types.get(i - 1), i == bad ? mode : Mode.OK, i);
        hops.add(hop(types.get(i - 1), server, i == bad ? shortRead : Loopback.TIMEOUTS));
      }
      ChainException e =
          assertThrows(ChainException.class, () -> connect(runner, Chain.strict("mixed", hops), lab.destination()));
      String what = mode + " at hop " + bad + ", " + why + ": " + e.getMessage();
      assertEquals(bad, e.context().index(), what);
      assertEquals(hops.get(bad - 1), e.context().hop(), what);
      assertEquals(mode == Mode.REFUSE, e instanceof HopRefusedException, what);
      if (mode == Mode.HANG) {
        assertTrue(e.getMessage().endsWith(": no reply within 300 ms"), what);
      }
      if (mode == Mode.GARBAGE) {
        assertTrue(e.getMessage().contains(": protocol error"), what);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void dynamicSkipsAStoppedHopOfAnotherKindAndStrictNamesIt(Runner runner) throws Exception {
    EmbeddedProxyServer<?> first = lab.proxy(ProxyType.SOCKS4, Mode.OK, 1);
    EmbeddedProxyServer<?> stopped = lab.proxy(ProxyType.HTTP, Mode.OK, 2);
    EmbeddedProxyServer<?> third = lab.proxy(ProxyType.SOCKS5H, Mode.OK, 3);
    EmbeddedProxyServer<?> fourth = lab.proxy(ProxyType.SOCKS4A, Mode.OK, 4);
    List<Hop> hops =
        List.of(hop(ProxyType.SOCKS4, first), hop(ProxyType.HTTP, stopped), hop(ProxyType.SOCKS5H, third),
            hop(ProxyType.SOCKS4A, fourth));
    stopped.close();

    try (Tunnel tunnel = connect(runner, new Chain("dyn", hops, ChainMode.dynamic()), lab.destination())) {
      assertTrue(tunnel.readLine().startsWith(peerFrom(4)));
      assertEquals(List.of(hops.get(0), hops.get(2), hops.get(3)), tunnel.hops());
    }
    assertEquals(new RequestedTarget("127.0.0.1", third.port(), false), first.lastTarget());

    HopRefusedException e =
        assertThrows(HopRefusedException.class, () -> connect(runner, Chain.strict("strict", hops), lab.destination()));
    assertTrue(
        e.getMessage().startsWith("hop 1 socks4 127.0.0.1:" + first.port() + " -> 127.0.0.1:" + stopped.port() + ": "),
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void credentialsAreSentAndAWrongPasswordFailsThatHopWithoutShowingIt(Runner runner) throws Exception {
    EmbeddedSocks5Server socks = (EmbeddedSocks5Server) lab.proxy(ProxyType.SOCKS5H, Mode.OK, 1);
    socks.requireCredentials("alice", "right-5");
    EmbeddedHttpConnectServer http = (EmbeddedHttpConnectServer) lab.proxy(ProxyType.HTTP, Mode.OK, 2);
    http.requireCredentials("bob", "right-http");
    Hop socksHop = hop(ProxyType.SOCKS5H, socks).withCredentials(new Credentials("alice", "right-5"));
    Hop httpHop = hop(ProxyType.HTTP, http).withCredentials(new Credentials("bob", "right-http"));
    try (Tunnel tunnel = connect(runner, Chain.strict("auth", List.of(socksHop, httpHop)), lab.destination())) {
      assertTrue(tunnel.readLine().startsWith(peerFrom(2)));
    }
    assertEquals("alice", socks.lastUser());
    assertTrue(http.lastRequestHadAuthorization());

    Hop wrongSocks = socksHop.withCredentials(new Credentials("alice", "wrong-secret-5"));
    ChainException e1 =
        assertThrows(
            ChainException.class, () -> connect(runner, Chain.strict("auth", List.of(wrongSocks, httpHop)), lab.destination()));
    assertEquals(1, e1.context().index(), e1.getMessage());
    assertFalse(e1.getMessage().contains("wrong-secret-5"), e1.getMessage());

    Hop wrongHttp = httpHop.withCredentials(new Credentials("bob", "wrong-secret-http"));
    ChainException e2 =
        assertThrows(
            ChainException.class, () -> connect(runner, Chain.strict("auth", List.of(socksHop, wrongHttp)), lab.destination()));
    assertEquals(2, e2.context().index(), e2.getMessage());
    assertFalse(e2.getMessage().contains("wrong-secret-http"), e2.getMessage());
  }
}
