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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The UDP rules live and die with the daemon, with either backend: installed at start (UDP works), gone after
 * SIGTERM, and after {@code kill -9} found and removed by the next start (mangle chains or the nft table, and the
 * policy routing), which then relays again.
 */
class UdpCleanupIT {
  private static final int ECHO = 7000;
  private static UdpLab lab;

  @BeforeAll
  static void setUp() {
    LabCheck.requireNamespaceLab("iptables", "ip6tables", "nft", "socat", "danted", "ss");
    Lab.require("/usr/bin/python3", Files.isExecutable(Path.of(Scripts.python())));
    lab = UdpLab.create();
    lab.startDanted();
    lab.startEcho(ECHO);
  }

  @AfterAll
  static void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"iptables", "nftables"})
  void rulesAreRemovedOnStopAndAfterACrash(String backend) {
    Path config = lab.config("cleanup-" + backend + ".conf", "[chain danted]\nsocks5 10.210.0.2 1080\n"
        + "[redirector]\nbackend " + backend + "\n");
    NsProcess first = lab.startRedirector("first-" + backend, config);
    try {
      String installed = lab.installedRules();
      assertTrue(installed.contains("proto 115"), "no policy routing installed:\n" + installed);
      assertTrue(installed.contains(backend.equals("nftables") ? "socksify_udp" : "SOCKSIFY_UDP"), installed);
      assertEchoThroughDanted(first);
      String status = lab.status("first-" + backend).output();
      assertTrue(status.contains("UDP relay: UDP on 127.0.0.1:12345, [::1]:12345; ")
          && status.contains(" 2 datagrams sent, 2 replies, 0 dropped"), status);
    } finally {
      first.stop();
    }
    assertEquals("", lab.installedRules(), "left after SIGTERM:\n" + first.log());

    NsProcess crashed = lab.startRedirector("crashed-" + backend, config);
    crashed.kill();
    assertFalse(lab.installedRules().isEmpty(), "a killed redirector cannot have removed its rules");
    NsProcess again = lab.startRedirector("again-" + backend, config);
    try {
      assertTrue(again.log().contains("removing rules left by an earlier run"), again.log());
      assertEchoThroughDanted(again);
    } finally {
      again.stop();
    }
    assertEquals("", lab.installedRules(), "left after SIGTERM:\n" + again.log());
    assertEquals(0, lab.leaked());
  }

  private static void assertEchoThroughDanted(NsProcess redirector) {
    String echo = lab.socat(RedirectLab.DEST, ECHO, "cleanup");
    assertTrue(echo.startsWith("peer=" + RedirectLab.PROXY_EGRESS + ":"), echo + "\n" + redirector.log());
    String echo6 = lab.socat(RedirectLab.DEST6, ECHO, "cleanup");
    assertTrue(echo6.startsWith("peer=" + RedirectLab.PROXY_EGRESS6 + ":"), echo6 + "\n" + redirector.log());
  }
}
