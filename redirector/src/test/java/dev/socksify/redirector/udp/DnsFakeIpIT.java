package dev.socksify.redirector.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.rules.Cidr;
import dev.socksify.redirector.lab.DestinationServers;
import dev.socksify.redirector.lab.LabCheck;
import dev.socksify.redirector.lab.Netns;
import dev.socksify.redirector.lab.NsProcess;
import dev.socksify.redirector.lab.RedirectLab;
import dev.socksify.redirector.lab.Scripts;
import dev.socksify.testkit.Lab;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code [dns] mode fake-ip}: names get addresses from the fake range without any query leaving the host, and
 * connections (TCP and UDP) to a fake address go through the chain by name, so the last hop resolves it; domain
 * rules pick the chain, block, or send direct. Clients are unmodified: curl (through the system resolver: the
 * client namespace's resolv.conf names a resolver it has no route to), dig and socat.
 */
class DnsFakeIpIT {
  private static final Cidr FAKE = Cidr.parse(UdpLab.FAKE_SUBNET);
  private static DnsLab lab;
  private static NsProcess redirector;

  @BeforeAll
  static void setUp() {
    LabCheck.requireNamespaceLab("iptables", "ip6tables", "dig", "curl", "socat", "danted", "ss-local",
        "ss-server", "dnsmasq", "ss");
    Lab.require("/usr/bin/python3", Files.isExecutable(Path.of(Scripts.python())));
    lab = DnsLab.create();
    Path config = lab.udp.config("fake-ip.conf", """
        [chain danted]
        socks5 10.210.0.2 1080
        [chain ss]
        socks5 10.210.0.2 1081
        [rules]
        domain *.direct.test -> direct
        domain *.blocked.test -> block
        domain *.via-ss.test -> chain ss
        default -> chain danted
        [dns]
        mode fake-ip
        """);
    redirector = lab.udp.startRedirector("redirector-fake-ip", config);
  }

  @AfterAll
  static void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  private static boolean isFake(String address) throws Exception {
    return FAKE.contains(InetAddress.getByName(address));
  }

  @Test
  void lookupsAreAnsweredFromTheFakeRangeWithoutAnyQueryLeaving() throws Exception {
    String answer = lab.dig("@" + RedirectLab.DEST, DnsLab.HIDDEN);
    assertTrue(isFake(answer), answer + "\n" + redirector.log());
    assertEquals(answer, lab.dig("+tcp", "@" + RedirectLab.DEST, DnsLab.HIDDEN), "one name, one fake address");
    assertEquals(List.of(), lab.askedBy(DnsLab.HIDDEN), "the name itself must not have been looked up");
    assertEquals(0, lab.udp.leaked());
  }

  @Test
  void otherRecordTypesAreForwardedThroughTheChain() {
    // PTR of a real address: not ours to answer; the resolver behind the chain knows the name
    String ptr = lab.dig("@" + RedirectLab.DEST, "-x", DnsLab.HIDDEN_IP);
    assertEquals(DnsLab.HIDDEN + ".", ptr, redirector.log());
    List<String> askers = lab.askedBy("77.0.211.10.in-addr.arpa");
    assertTrue(!askers.isEmpty());
    for (String asker : askers) {
      assertTrue(asker.equals(RedirectLab.PROXY_EGRESS), "PTR did not come through danted: " + askers);
    }
    assertEquals(0, lab.udp.leaked());
  }

  @Test
  void curlReachesANameThroughTheChainAndTheLastHopResolvesIt() throws Exception {
    Netns.Result curl = lab.udp.client.tryRun("curl", "-sS", "--http0.9", "--max-time", "30",
        "http://" + DnsLab.WEB + ":" + DestinationServers.WHOAMI + "/");
    assertEquals(0, curl.exitCode(), curl.output() + redirector.log());
    assertEquals("peer=" + RedirectLab.PROXY_EGRESS, curl.output().strip(), redirector.log());
    // danted looked the name up (from the proxy namespace); the client only ever got a fake address
    List<String> askers = lab.askedBy(DnsLab.WEB);
    assertTrue(!askers.isEmpty(), "nobody resolved " + DnsLab.WEB);
    for (String asker : askers) {
      assertTrue(asker.equals(RedirectLab.PROXY_EGRESS) || asker.equals(RedirectLab.PROXY_EGRESS_ALT),
          "the name was resolved outside the proxy namespace: " + askers);
    }
    assertTrue(Pattern.compile("via chain danted \\(socks5h 10\\.210\\.0\\.2:1080\\) as web\\.test:"
        + DestinationServers.WHOAMI + ": relaying").matcher(redirector.log()).find(), redirector.log());
    assertEquals(0, lab.udp.leaked());
  }

  @Test
  void domainRulesPickTheChainBlockOrSendDirect() throws Exception {
    // *.via-ss.test -> chain ss: ss-server resolves it and connects out from the same egress
    Netns.Result viaSs = lab.udp.client.tryRun("curl", "-sS", "--http0.9", "--max-time", "30",
        "http://" + DnsLab.VIA_SS + ":" + DestinationServers.WHOAMI + "/");
    assertEquals(0, viaSs.exitCode(), viaSs.output() + redirector.log());
    assertTrue(redirector.log().contains("via chain ss (socks5h 10.210.0.2:1081) as a.via-ss.test:"
        + DestinationServers.WHOAMI + ": relaying"), redirector.log());
    // *.blocked.test -> block: the flow is refused, the log names the rule
    Netns.Result blocked = lab.udp.client.tryRun("curl", "-sS", "--http0.9", "--max-time", "30",
        "http://" + DnsLab.BLOCKED + ":" + DestinationServers.WHOAMI + "/");
    assertNotEquals(0, blocked.exitCode(), blocked.output());
    assertTrue(Pattern.compile("WARN .* -> 198\\.1[89]\\.\\d+\\.\\d+:" + DestinationServers.WHOAMI
        + " via nothing \\(blocked\\): blocked by rule .*domain \\*\\.blocked\\.test -> block.* for x\\.blocked\\.test")
        .matcher(redirector.log()).find(), redirector.log());
    // *.direct.test -> direct: a real address from the system's resolver, asked directly
    String direct = lab.dig("@" + RedirectLab.DEST, DnsLab.DIRECT);
    assertEquals(DnsLab.DIRECT_IP, direct, redirector.log());
    for (String asker : lab.askedBy(DnsLab.DIRECT)) {
      assertEquals(RedirectLab.CLIENT, asker);
    }
    assertEquals(0, lab.udp.leaked());
  }

  @Test
  void datagramsToAFakeAddressGoByNameAndRepliesComeFromIt() throws Exception {
    String fake = lab.dig("@" + RedirectLab.DEST, DnsLab.WEB);
    assertTrue(isFake(fake), fake);
    // socat's socket is connected to the fake address: it only takes replies from there
    String echo = lab.udp.socat(fake, DnsLab.ECHO, "to a name");
    assertTrue(echo.startsWith("peer=" + RedirectLab.PROXY_EGRESS + ":") && echo.endsWith(" to a name"),
        echo + "\n" + redirector.log());
    assertEquals(0, lab.udp.leaked());
  }
}
