package dev.socksify.redirector.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.redirector.lab.LabCheck;
import dev.socksify.redirector.lab.NsProcess;
import dev.socksify.redirector.lab.RedirectLab;
import dev.socksify.redirector.lab.Scripts;
import dev.socksify.testkit.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code [dns] mode forward}: the client namespace's queries (to any resolver; it has no route to one) reach the
 * redirector's DNS listener and go on through the chain to the configured resolver, a dnsmasq behind the last hop,
 * which is the only place that knows the name; its log shows every such query came from the last hop, and the
 * client sent nothing out by itself. A name the rules send direct goes to the system's resolver from the
 * redirector's own socket.
 */
class DnsForwardIT {
  private static DnsLab lab;
  private static NsProcess redirector;

  @BeforeAll
  static void setUp() {
    LabCheck.requireNamespaceLab("iptables", "ip6tables", "dig", "danted", "ss-local", "ss-server", "dnsmasq", "ss");
    Lab.require("/usr/bin/python3", Files.isExecutable(Path.of(Scripts.python())));
    lab = DnsLab.create();
    Path config = lab.udp.config("forward.conf", """
        [chain danted]
        socks5 10.210.0.2 1080
        [rules]
        domain *.direct.test -> direct
        default -> chain danted
        [dns]
        mode forward
        resolver 10.211.0.2:53
        """);
    redirector = lab.udp.startRedirector("redirector-forward", config);
  }

  @AfterAll
  static void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void aNameKnownOnlyBehindTheChainResolvesAndTheResolverSawOnlyTheLastHop() {
    // UDP and TCP, asked of the real resolver, of an address where none listens, and over IPv6
    assertEquals(DnsLab.HIDDEN_IP, lab.dig("@" + RedirectLab.DEST, DnsLab.HIDDEN), redirector.log());
    assertEquals(DnsLab.HIDDEN_IP, lab.dig("+tcp", "@" + RedirectLab.DEST, DnsLab.HIDDEN), redirector.log());
    assertEquals(DnsLab.HIDDEN_IP, lab.dig("@10.211.0.99", DnsLab.HIDDEN), redirector.log());
    assertEquals(DnsLab.HIDDEN_IP, lab.dig("@" + RedirectLab.DEST6, DnsLab.HIDDEN), redirector.log());
    List<String> askers = lab.askedBy(DnsLab.HIDDEN);
    assertTrue(askers.size() >= 4, "dnsmasq saw " + askers);
    for (String asker : askers) {
      assertEquals(RedirectLab.PROXY_EGRESS, asker, "a query reached the resolver from elsewhere: " + askers);
    }
    assertEquals(0, lab.udp.leaked(), "the client sent DNS (or anything) out by itself");
  }

  @Test
  void aNameTheRulesSendDirectIsAskedOfTheSystemResolverDirectly() {
    assertEquals(DnsLab.DIRECT_IP, lab.dig("@" + RedirectLab.DEST, DnsLab.DIRECT), redirector.log());
    List<String> askers = lab.askedBy(DnsLab.DIRECT);
    assertFalse(askers.isEmpty());
    for (String asker : askers) {
      // the redirector's own marked socket, routed by the lab to the resolver: the client's address
      assertEquals(RedirectLab.CLIENT, asker, "a direct name went through the chain: " + askers);
    }
    assertEquals(0, lab.udp.leaked());
  }

  @Test
  void unknownNamesGetTheResolversAnswer() {
    String answer = lab.udp.client.tryRun("dig", "+time=5", "+tries=2", "@" + RedirectLab.DEST, "nope.test")
        .output();
    assertTrue(answer.contains("status: NXDOMAIN"), answer + redirector.log());
  }
}
