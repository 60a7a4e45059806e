package dev.socksify.redirector.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.redirector.lab.LabCheck;
import dev.socksify.redirector.lab.Netns;
import dev.socksify.redirector.lab.NsProcess;
import dev.socksify.redirector.lab.RedirectLab;
import dev.socksify.redirector.lab.Scripts;
import dev.socksify.testkit.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * This host's UDP through real SOCKS5 proxies with TPROXY, from unmodified clients (socat, dig, python) in a client
 * namespace whose destination is reachable only through the proxies: the echo names the address each datagram left
 * from, replies reach connected sockets (so they came from the original destination), and nothing leaves the client
 * directly ({@link UdpLab#leaked()}).
 */
class UdpRelayIT {
  private static final int ECHO = 7000;
  private static final int ECHO_DIRECT = 7001;
  private static final int BLOCKED = 7002;
  private static final int ECHO_SS = 7200;
  private static final int ECHO_TWO_HOPS = 7300;
  private static final int NO_UDP = 7100;

  private static UdpLab lab;
  private static NsProcess redirector;
  private static Path config;

  @BeforeAll
  static void setUp() {
    LabCheck.requireNamespaceLab("iptables", "ip6tables", "socat", "dig", "danted", "ss-local", "ss-server",
        "microsocks", "dnsmasq", "ss");
    Lab.require("/usr/bin/python3", Files.isExecutable(Path.of(Scripts.python())));
    lab = UdpLab.create();
    lab.startDanted();
    lab.startShadowsocks();
    lab.startMicrosocks();
    lab.startEcho(ECHO, ECHO_DIRECT, ECHO_SS, ECHO_TWO_HOPS);
    config = lab.config("udp.conf", """
        [chain danted]
        socks5 10.210.0.2 1080
        [chain ss]
        socks5 10.210.0.2 1081
        [chain two]
        socks5 10.210.0.2 1080
        socks5 10.210.0.2 1081
        [chain micro]
        socks5 10.210.0.2 1082
        [rules]
        port 7001 -> direct
        port 7002 -> block
        port 7100 -> chain micro
        port 7200 -> chain ss
        port 7300 -> chain two
        default -> chain danted
        [udp]
        idle_timeout 2s
        [redirector]
        port 12345
        udp_port 12346
        """);
    redirector = lab.startRedirector("redirector", config);
  }

  @AfterAll
  static void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void socatEchoLeavesFromDantedOverIpv4AndIpv6() {
    assertEquals("peer=" + RedirectLab.PROXY_EGRESS, peer(lab.socat(RedirectLab.DEST, ECHO, "hello v4")),
        redirector.log());
    assertEquals("peer=" + RedirectLab.PROXY_EGRESS6, peer(lab.socat(RedirectLab.DEST6, ECHO, "hello v6")),
        redirector.log());
    assertEquals(0, lab.leaked(), "datagrams left the client without the redirector");
  }

  @Test
  void socatThroughShadowsocksAndThroughTwoHops() {
    String viaSs = lab.socat(RedirectLab.DEST, ECHO_SS, "via ss-local");
    assertTrue(viaSs.endsWith(" via ss-local"), viaSs + "\n" + redirector.log());
    // ss-server connects out from 10.212.0.1 like danted: the log line names the chain that was taken
    assertEquals("peer=" + RedirectLab.PROXY_EGRESS, peer(viaSs));
    String viaTwo = lab.socat(RedirectLab.DEST, ECHO_TWO_HOPS, "via danted then ss-local");
    assertEquals("peer=" + RedirectLab.PROXY_EGRESS, peer(viaTwo), redirector.log());
    String log = redirector.log();
    assertTrue(log.contains("-> 10.211.0.2:" + ECHO_SS + " via chain ss (socks5 10.210.0.2:1081): relaying UDP"),
        log);
    assertTrue(log.contains("-> 10.211.0.2:" + ECHO_TWO_HOPS
        + " via chain two (socks5 10.210.0.2:1080 -> socks5 10.210.0.2:1081): relaying UDP"), log);
    assertEquals(0, lab.leaked());
  }

  @Test
  void digResolvesThroughTheChainAndTheResolverSeesTheLastHop() throws Exception {
    try (var dns = dev.socksify.testkit.peers.Dnsmasq.on(RedirectLab.DEST).netns(lab.destination.name())
        .address("only-behind-the-chain.test", "10.211.0.77").start(lab.lab.dir("dnsmasq-udp"))) {
      String answer = lab.client.run("dig", "+time=5", "+tries=2", "+short", "@" + RedirectLab.DEST,
          "only-behind-the-chain.test").strip();
      assertEquals("10.211.0.77", answer, redirector.log());
      List<dev.socksify.testkit.peers.Dnsmasq.Query> queries = dns.queriesFor("only-behind-the-chain.test");
      assertTrue(!queries.isEmpty());
      for (var q : queries) {
        assertEquals(RedirectLab.PROXY_EGRESS, q.client(), "query did not come from danted: " + queries);
      }
    }
    assertEquals(0, lab.leaked());
  }

  @Test
  void manyDatagramsOnConcurrentFlowsWithoutCrossTalk() {
    Netns.Result v4 = lab.client.tryRun(Scripts.python(), Scripts.path("udp_flows.py"), RedirectLab.DEST,
        Integer.toString(ECHO), "8", "250", "200");
    assertEquals(0, v4.exitCode(), v4.output() + redirector.log());
    assertEquals(8, v4.output().lines().filter(l -> l.matches("flow \\d+ ok 250 peer 10\\.212\\.0\\.1")).count(),
        v4.output());
    Netns.Result v6 = lab.client.tryRun(Scripts.python(), Scripts.path("udp_flows.py"), RedirectLab.DEST6,
        Integer.toString(ECHO), "4", "100", "1200");
    assertEquals(0, v6.exitCode(), v6.output() + redirector.log());
    assertEquals(4, v6.output().lines().filter(l -> l.matches("flow \\d+ ok 100 peer fd00:212::1")).count(),
        v6.output());
    assertEquals(0, lab.leaked());
  }

  @Test
  void directAndBlockRulesApplyToDatagrams() {
    // direct: from the redirector's own marked socket, so the echo sees the client namespace's address
    assertEquals("peer=" + RedirectLab.CLIENT, peer(lab.socat(RedirectLab.DEST, ECHO_DIRECT, "direct")),
        redirector.log());
    assertEquals("", lab.socat(RedirectLab.DEST, BLOCKED, "blocked"));
    String log = redirector.log();
    assertTrue(Pattern.compile("WARN +10\\.210\\.0\\.1:\\d+ -> 10\\.211\\.0\\.2:" + BLOCKED
        + " via nothing \\(blocked\\): blocked by rule .*port 7002 -> block").matcher(log).find(), log);
    assertEquals(0, lab.leaked());
  }

  @Test
  void aHopWithoutUdpFailsEachFlowWithOneLine() {
    String first = lab.client.run(Scripts.python(), Scripts.path("udp_send.py"), RedirectLab.DEST,
        Integer.toString(NO_UDP), "4").strip();
    String second = lab.client.run(Scripts.python(), Scripts.path("udp_send.py"), RedirectLab.DEST,
        Integer.toString(NO_UDP), "3").strip();
    String log = redirector.log();
    for (String port : List.of(first, second)) {
      List<String> lines = log.lines().filter(l -> l.contains("10.210.0.1:" + port + " -> ")).toList();
      assertEquals(1, lines.size(), "one line per flow expected:\n" + log);
      assertTrue(lines.get(0).matches(".*WARN +10\\.210\\.0\\.1:" + port + " -> 10\\.211\\.0\\.2:" + NO_UDP
          + " via chain micro \\(socks5 10\\.210\\.0\\.2:1082\\): no UDP: hop 1 socks5 10\\.210\\.0\\.2:1082"
          + " -> udp associate: .*"), lines.get(0));
    }
    assertEquals(0, lab.leaked());
  }

  @Test
  void anIdleFlowEndsAndTheNextDatagramOpensANewAssociation() throws Exception {
    Path marker = lab.lab.dir("idle").resolve("go");
    NsProcess client = lab.client.spawn("idle-client", lab.lab.log("idle-client"), List.of(Scripts.python(), "-c",
        "import socket, time, os\n"
            + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
            + "s.settimeout(5)\n"
            + "s.connect(('10.211.0.2', 7000))\n"
            + "s.send(b'before')\n"
            + "print(s.recv(100).decode(), s.getsockname()[1], flush=True)\n"
            + "while not os.path.exists('" + marker + "'):\n"
            + "    time.sleep(0.1)\n"
            + "s.send(b'after')\n"
            + "print(s.recv(100).decode(), flush=True)\n"));
    client.awaitLog(l -> l.contains("before"), Duration.ofSeconds(30), "first echo");
    String port = client.log().strip().split("\\s+")[2];
    redirector.awaitLog(log -> log.lines().anyMatch(l -> l.contains("10.210.0.1:" + port + " -> 10.211.0.2:" + ECHO)
        && l.contains("UDP flow ended after")), Duration.ofSeconds(60), "the idle flow's end");
    Files.writeString(marker, "go");
    client.awaitLog(l -> l.contains("after"), Duration.ofSeconds(30), "second echo");
    assertEquals(0, client.waitFor(), client.log());
    long associations = redirector.log().lines()
        .filter(l -> l.contains("10.210.0.1:" + port + " -> 10.211.0.2:" + ECHO) && l.contains("relaying UDP"))
        .count();
    assertEquals(2, associations, redirector.log());
  }

  /** {@code peer=IP} of an echo, without the port. */
  private static String peer(String echo) {
    String first = echo.split(" ", 2)[0];
    return first.substring(0, first.lastIndexOf(':'));
  }
}
