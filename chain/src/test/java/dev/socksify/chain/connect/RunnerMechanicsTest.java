package dev.socksify.chain.connect;

import static dev.socksify.chain.connect.Loopback.hop;
import static dev.socksify.chain.connect.Loopback.peerFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.ChainMode;
import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.Timeouts;
import dev.socksify.chain.connect.Runner.Tunnel;
import dev.socksify.chain.mode.RandomMode;
import dev.socksify.testkit.EmbeddedProxyServer;
import dev.socksify.testkit.EmbeddedProxyServer.Mode;
import dev.socksify.testkit.RequestedTarget;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the runners themselves do, whatever the protocol: reach the destination from the last hop, hand on
 * bytes behind the last reply, word and type failures, skip dead hops per chain mode, resolve names where the
 * scheme says and never on an event loop. Driven with a bare SOCKS5 client written for these tests, against the
 * embedded SOCKS5 server, on every runner.
 */
class RunnerMechanicsTest {
  private static final Handshakes MINIMAL = (step, last) -> new MinimalSocks5Handshake(step);
  private static List<Runner> runners;

  private Loopback lab;

  static Stream<Runner> runners() {
    if (runners == null) {
      runners = Runner.all();
    }
    return runners.stream();
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

  private EmbeddedProxyServer<?> socks5(Mode mode, int egress) throws IOException {
    return lab.proxy(ProxyType.SOCKS5, mode, egress);
  }

  private static Tunnel connect(Runner runner, Chain chain, InetSocketAddress destination) throws ChainException {
    return runner.connect(chain, destination, HostResolver.system(), MINIMAL);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void twoHopsReachTheDestinationFromTheLastHopAndRelayWithHalfClose(Runner runner) throws Exception {
    EmbeddedProxyServer<?> first = socks5(Mode.OK, 1);
    EmbeddedProxyServer<?> second = socks5(Mode.OK, 2);
    List<Hop> hops = List.of(hop(ProxyType.SOCKS5, first), hop(ProxyType.SOCKS5, second));
    try (Tunnel tunnel = connect(runner, Chain.strict("two", hops), lab.destination())) {
      String peer = tunnel.readLine();
      assertTrue(peer.startsWith(peerFrom(2)), peer);
      assertEquals(peer, "peer=" + tunnel.boundAddress().getAddress().getHostAddress() + ":" + tunnel.boundAddress().getPort());
      assertEquals(hops, tunnel.hops());
      assertEquals(new RequestedTarget("127.0.0.1", second.port(), false), first.lastTarget());
      assertEquals(new RequestedTarget("127.0.0.1", lab.echo.port(), false), second.lastTarget());
      tunnel.write("hello through two hops");
      tunnel.shutdownOutput();
      assertEquals("hello through two hops", tunnel.readToEnd());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void bytesBehindTheLastReplyReachTheApp(Runner runner) throws Exception {
    EmbeddedProxyServer<?> first = socks5(Mode.OK, 1);
    EmbeddedProxyServer<?> second = socks5(Mode.OK, 2).replyWithFirstBytes(true);
    Chain chain = Chain.strict("surplus", List.of(hop(ProxyType.SOCKS5, first), hop(ProxyType.SOCKS5, second)));
    try (Tunnel tunnel = connect(runner, chain, lab.destination())) {
      assertTrue(tunnel.readLine().startsWith(peerFrom(2)));
      tunnel.write("after");
      tunnel.shutdownOutput();
      assertEquals("after", tunnel.readToEnd());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void handshakesChooseTheLastStepSeparately(Runner runner) throws Exception {
    List<String> opened = Collections.synchronizedList(new ArrayList<>());
    Handshakes recording =
        (step, last) -> {
          opened.add(step.index() + (last ? " last" : ""));
          return new MinimalSocks5Handshake(step);
        };
    List<Hop> hops =
        List.of(hop(ProxyType.SOCKS5, socks5(Mode.OK, 1)), hop(ProxyType.SOCKS5, socks5(Mode.OK, 2)),
            hop(ProxyType.SOCKS5, socks5(Mode.OK, 3)));
    try (Tunnel tunnel = runner.connect(Chain.strict("three", hops), lab.destination(), HostResolver.system(), recording)) {
      assertTrue(tunnel.readLine().startsWith(peerFrom(3)));
    }
    assertEquals(List.of("1", "2", "3 last"), opened);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void hopOneRefusingTheTcpConnectIsUnreachableAndSaysSo(Runner runner) {
    int closed = Loopback.closedPort();
    Hop dead = new Hop(ProxyType.SOCKS5, "127.0.0.1", closed, Optional.empty(), Loopback.TIMEOUTS);
    HopUnreachableException e =
        assertThrows(
            HopUnreachableException.class,
            () -> connect(runner, Chain.strict("dead", List.of(dead)), lab.destination()));
    assertEquals(
        "hop 1 socks5 127.0.0.1:" + closed + " -> 127.0.0.1:" + lab.echo.port()
            + ": cannot connect to proxy: Connection refused",
        e.getMessage());
    assertEquals(DirectFailure.REFUSED, e.directFailure());
    assertInstanceOf(ConnectException.class, e.asDirectException());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void aHopThatNeverAnswersTimesOutNamingIt(Runner runner) throws Exception {
    EmbeddedProxyServer<?> hanging = socks5(Mode.HANG, 2);
    Timeouts shortRead = Loopback.TIMEOUTS.withRead(Loopback.SHORT_READ);
    Chain chain =
        Chain.strict("hang", List.of(hop(ProxyType.SOCKS5, socks5(Mode.OK, 1)), hop(ProxyType.SOCKS5, hanging, shortRead)));
    HopUnreachableException e =
        assertThrows(HopUnreachableException.class, () -> connect(runner, chain, lab.destination()));
    assertEquals(
        "hop 2 socks5 127.0.0.1:" + hanging.port() + " -> 127.0.0.1:" + lab.echo.port() + ": no reply within 300 ms",
        e.getMessage());
    assertEquals(DirectFailure.TIMEOUT, e.directFailure());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void garbageIsAProtocolErrorOfThatHop(Runner runner) throws Exception {
    EmbeddedProxyServer<?> garbage = socks5(Mode.GARBAGE, 2);
    Chain chain =
        Chain.strict("garbage", List.of(hop(ProxyType.SOCKS5, socks5(Mode.OK, 1)), hop(ProxyType.SOCKS5, garbage)));
    HopUnreachableException e =
        assertThrows(HopUnreachableException.class, () -> connect(runner, chain, lab.destination()));
    assertEquals(2, e.context().index());
    assertTrue(e.getMessage().contains("protocol error"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void dynamicSkipsAStoppedMiddleHop(Runner runner) throws Exception {
    EmbeddedProxyServer<?> stopped = socks5(Mode.OK, 2);
    List<Hop> hops = List.of(hop(ProxyType.SOCKS5, socks5(Mode.OK, 1)), hop(ProxyType.SOCKS5, stopped),
        hop(ProxyType.SOCKS5, socks5(Mode.OK, 3)));
    stopped.close();
    try (Tunnel tunnel = connect(runner, new Chain("dyn", hops, ChainMode.dynamic()), lab.destination())) {
      assertTrue(tunnel.readLine().startsWith(peerFrom(3)));
      assertEquals(List.of(hops.get(0), hops.get(2)), tunnel.hops());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void dynamicSkipsAStoppedFirstHopAndAHangingOne(Runner runner) throws Exception {
    EmbeddedProxyServer<?> stopped = socks5(Mode.OK, 1);
    Timeouts shortRead = Loopback.TIMEOUTS.withRead(Loopback.SHORT_READ);
    List<Hop> hops =
        List.of(hop(ProxyType.SOCKS5, stopped), hop(ProxyType.SOCKS5, socks5(Mode.OK, 2)),
            hop(ProxyType.SOCKS5, socks5(Mode.HANG, 3), shortRead), hop(ProxyType.SOCKS5, socks5(Mode.OK, 4)));
    stopped.close();
    try (Tunnel tunnel = connect(runner, new Chain("dyn", hops, ChainMode.dynamic()), lab.destination())) {
      assertTrue(tunnel.readLine().startsWith(peerFrom(4)));
      assertEquals(List.of(hops.get(1), hops.get(3)), tunnel.hops());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void strictFailsOnAStoppedHopNamingIt(Runner runner) throws Exception {
    EmbeddedProxyServer<?> first = socks5(Mode.OK, 1);
    EmbeddedProxyServer<?> stopped = socks5(Mode.OK, 2);
    List<Hop> hops = List.of(hop(ProxyType.SOCKS5, first), hop(ProxyType.SOCKS5, stopped),
        hop(ProxyType.SOCKS5, socks5(Mode.OK, 3)));
    stopped.close();
    HopRefusedException e =
        assertThrows(HopRefusedException.class, () -> connect(runner, Chain.strict("strict", hops), lab.destination()));
    assertTrue(
        e.getMessage().startsWith("hop 1 socks5 127.0.0.1:" + first.port() + " -> 127.0.0.1:" + stopped.port() + ": "),
        e.getMessage());
    assertEquals(1, first.connectionCount(), "strict does not retry");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void dynamicWithEveryHopDeadSaysNoneIsLeft(Runner runner) throws Exception {
    EmbeddedProxyServer<?> a = socks5(Mode.OK, 1);
    EmbeddedProxyServer<?> b = socks5(Mode.OK, 2);
    List<Hop> hops = List.of(hop(ProxyType.SOCKS5, a), hop(ProxyType.SOCKS5, b));
    a.close();
    b.close();
    HopUnreachableException e =
        assertThrows(
            HopUnreachableException.class,
            () -> connect(runner, new Chain("all-dead", hops, ChainMode.dynamic()), lab.destination()));
    assertEquals(
        "hop 1 socks5 127.0.0.1:" + b.port() + " -> 127.0.0.1:" + lab.echo.port()
            + ": chain 'all-dead' (dynamic): dynamic chain: no hop left alive (needs at least 1);"
            + " last failure: cannot connect to proxy: Connection refused",
        e.getMessage());
    assertEquals(1, e.getSuppressed().length, "the earlier failure");
    assertInstanceOf(HopUnreachableException.class, e.getCause());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void aRefusedDestinationIsNotRetried(Runner runner) throws Exception {
    EmbeddedProxyServer<?> first = socks5(Mode.OK, 1);
    EmbeddedProxyServer<?> last = socks5(Mode.REFUSE, 2);
    List<Hop> hops = List.of(hop(ProxyType.SOCKS5, first), hop(ProxyType.SOCKS5, last));
    HopRefusedException e =
        assertThrows(
            HopRefusedException.class,
            () -> connect(runner, new Chain("dyn", hops, ChainMode.dynamic()), lab.destination()));
    assertEquals(2, e.context().index());
    assertEquals(5, e.replyCode());
    assertEquals(1, first.connectionCount());
    assertEquals(1, last.connectionCount());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void randomUsesChainLenDistinctHops(Runner runner) throws Exception {
    long seed = new Random().nextLong();
    List<EmbeddedProxyServer<?>> servers = new ArrayList<>();
    List<Hop> hops = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      servers.add(socks5(Mode.OK, i));
      hops.add(hop(ProxyType.SOCKS5, servers.get(i - 1)));
    }
    Chain chain = new Chain("random", hops, new RandomMode(2, new Random(seed)));
    try (Tunnel tunnel = connect(runner, chain, lab.destination())) {
      List<Hop> used = tunnel.hops();
      assertEquals(2, used.size(), "seed " + seed);
      assertEquals(2, used.stream().distinct().count(), "seed " + seed);
      int last = hops.indexOf(used.get(1)) + 1;
      assertTrue(tunnel.readLine().startsWith(peerFrom(last)), "seed " + seed);
      for (int i = 0; i < 4; i++) {
        assertEquals(used.contains(hops.get(i)) ? 1 : 0, servers.get(i).connectionCount(), "hop " + (i + 1) + ", seed " + seed);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void roundRobinRotatesChainLenHops(Runner runner) throws Exception {
    List<Hop> hops = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      hops.add(hop(ProxyType.SOCKS5, socks5(Mode.OK, i)));
    }
    Chain chain = new Chain("rr", hops, ChainMode.roundRobin(2));
    try (Tunnel t1 = connect(runner, chain, lab.destination());
        Tunnel t2 = connect(runner, chain, lab.destination())) {
      assertEquals(hops.subList(0, 2), t1.hops());
      assertEquals(hops.subList(2, 4), t2.hops());
      assertTrue(t1.readLine().startsWith(peerFrom(2)));
      assertTrue(t2.readLine().startsWith(peerFrom(4)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void namesResolveHereForSocks5AndTravelForSocks5hNeverOnAnEventLoop(Runner runner) throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    List<String> lookups = Collections.synchronizedList(new ArrayList<>());
    List<Boolean> onLoop = Collections.synchronizedList(new ArrayList<>());
    Map<String, InetAddress> names = Map.of("hop1.test", loopback, "hop2.test", loopback, "echo.test", loopback);
    HostResolver resolver =
        host -> {
          lookups.add(host);
          onLoop.add(runner.onEventLoop());
          InetAddress a = names.get(host);
          if (a == null) {
            throw new UnknownHostException(host);
          }
          return a;
        };
    EmbeddedProxyServer<?> first = socks5(Mode.OK, 1);
    EmbeddedProxyServer<?> second = socks5(Mode.OK, 2).mapHost("echo.test", loopback);
    first.mapHost("hop2.test", loopback);
    InetSocketAddress destination = InetSocketAddress.createUnresolved("echo.test", lab.echo.port());

    // hop 1 speaks socks5h: hop 2's name goes to it; hop 2 speaks socks5: the destination is resolved here
    List<Hop> hops =
        List.of(
            new Hop(ProxyType.SOCKS5H, "hop1.test", first.port(), Optional.empty(), Loopback.TIMEOUTS),
            new Hop(ProxyType.SOCKS5, "hop2.test", second.port(), Optional.empty(), Loopback.TIMEOUTS));
    try (Tunnel tunnel = runner.connect(Chain.strict("names", hops), destination, resolver, MINIMAL)) {
      assertTrue(tunnel.readLine().startsWith(peerFrom(2)));
    }
    assertEquals(new RequestedTarget("hop2.test", second.port(), true), first.lastTarget());
    assertEquals(new RequestedTarget("127.0.0.1", lab.echo.port(), false), second.lastTarget());
    assertEquals(List.of("hop1.test", "echo.test"), lookups);

    // the other way round: hop 1 socks5 resolves hop 2's name here, hop 2 socks5h gets the destination's name
    lookups.clear();
    List<Hop> swapped =
        List.of(
            new Hop(ProxyType.SOCKS5, "hop1.test", first.port(), Optional.empty(), Loopback.TIMEOUTS),
            new Hop(ProxyType.SOCKS5H, "hop2.test", second.port(), Optional.empty(), Loopback.TIMEOUTS));
    try (Tunnel tunnel = runner.connect(Chain.strict("names", swapped), destination, resolver, MINIMAL)) {
      assertTrue(tunnel.readLine().startsWith(peerFrom(2)));
    }
    assertEquals(new RequestedTarget("127.0.0.1", second.port(), false), first.lastTarget());
    assertEquals(new RequestedTarget("echo.test", lab.echo.port(), true), second.lastTarget());
    assertEquals(List.of("hop1.test", "hop2.test"), lookups);
    assertFalse(onLoop.contains(true), "resolver ran on an event loop");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void anUnresolvableDestinationForALocalDnsHopIsUnknownHost(Runner runner) throws Exception {
    EmbeddedProxyServer<?> proxy = socks5(Mode.OK, 1);
    HostResolver nothing =
        host -> {
          throw new UnknownHostException(host + ": Name or service not known");
        };
    Chain chain = new Chain("dyn", List.of(hop(ProxyType.SOCKS5, proxy)), ChainMode.dynamic());
    HopRefusedException e =
        assertThrows(
            HopRefusedException.class,
            () -> runner.connect(chain, InetSocketAddress.createUnresolved("nowhere.test", 80), nothing, MINIMAL));
    assertEquals(
        "hop 1 socks5 127.0.0.1:" + proxy.port()
            + " -> nowhere.test:80: cannot resolve nowhere.test on this host (socks5 sends an address, not a name)",
        e.getMessage());
    assertInstanceOf(UnknownHostException.class, e.asDirectException());
    assertEquals(0, proxy.connectionCount(), "resolved before dialing");
  }
}
