package dev.socksify.redirector.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.redirector.lab.DestinationServers;
import dev.socksify.redirector.lab.LabCheck;
import dev.socksify.redirector.lab.Netns;
import dev.socksify.redirector.lab.NsPeers;
import dev.socksify.redirector.lab.NsProcess;
import dev.socksify.redirector.lab.RedirectLab;
import dev.socksify.redirector.lab.RedirectorProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the redirector sits: a proxy on the same host (its own traffic must not loop back into the relay), and a
 * gateway for a LAN namespace whose forwarded TCP is redirected (PREROUTING, DNAT to the loopback listener).
 */
class TopologyIT {
  private static RedirectLab lab;
  private static DestinationServers http;

  @BeforeAll
  static void setUp() {
    LabCheck.requireNamespaceLab("iptables", "ip6tables", "microsocks", "setpriv", "curl", "sha256sum", "ss");
    lab = RedirectLab.create();
    http = DestinationServers.startHttp(lab);
  }

  @AfterAll
  static void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void aProxyOnTheSameHostIsExcludedByItsUserSoNothingLoops() {
    // microsocks in the client namespace as its own uid; only that uid may route to the destination itself
    NsPeers.microsocks(lab.client, lab.dir("local-proxy"), "127.0.0.1", 1090, null, null, RedirectLab.DIRECT_UID);
    Path run = lab.dir("run-local-proxy");
    NsProcess redirector = RedirectorProcess.run(lab.client, run.resolve("redirector.log"), List.of(
        "--proxy", "socks5://127.0.0.1:1090", "--exclude-user", Integer.toString(RedirectLab.DIRECT_UID),
        "--port", "12345", "--control", run.resolve("control.sock").toString(), "-v"));
    try {
      long leakedBefore = lab.leaked();
      assertEquals(http.blobSha256, DestinationServers.curlSha(lab.client, RedirectLab.DEST), redirector.log());
      List<String> flows = redirector.log().lines().filter(l -> l.contains(": relaying (")).toList();
      assertEquals(1, flows.size(), "the proxy's own connection came back into the relay:\n" + redirector.log());
      assertTrue(flows.get(0).contains("-> 10.211.0.2:8080 via chain default (socks5 127.0.0.1:1090)"),
          flows.get(0));
      assertEquals(leakedBefore, lab.leaked());
    } finally {
      redirector.stop();
    }
  }

  @Test
  void asAGatewayItRedirectsForwardedClients() {
    Netns lan = Netns.create("lan");
    try {
      Netns.host("ip", "link", "add", "l0", "netns", lan.name(), "type", "veth", "peer", "name", "c1", "netns",
          lab.client.name());
      lan.run("ip", "addr", "add", "10.213.0.2/24", "dev", "l0");
      lan.run("ip", "link", "set", "l0", "up");
      lan.run("ip", "route", "add", "default", "via", "10.213.0.1");
      lab.client.run("ip", "addr", "add", "10.213.0.1/24", "dev", "c1");
      lab.client.run("ip", "link", "set", "c1", "up");
      lab.client.run("sysctl", "-qw", "net.ipv4.ip_forward=1");
      lab.client.run("iptables", "-A", "FORWARD", "-d", "10.211.0.0/16", "-m", "comment", "--comment",
          "socksify-test-forwarded");
      Path run = lab.dir("run-gateway");
      List<String> args = List.of("--gateway", "--interface", "c1", "--port", "12346");

      // without route_localnet the DNAT to 127.0.0.1 would silently drop every forwarded SYN: refuse instead
      Netns.Result refused = lab.client.tryRun(RedirectorProcess.java(), "-jar", RedirectorProcess.jar(), "run",
          "--config", RedirectorProcess.write(run, "socksify.conf", RedirectorProcess.ALL_DIRECT).toString(),
          "--control", run.resolve("control.sock").toString(), "--gateway", "--interface", "c1");
      assertEquals(1, refused.exitCode(), refused.output());
      assertTrue(refused.output().contains("net.ipv4.conf.c1.route_localnet=1"), refused.output());

      lab.client.run("sysctl", "-qw", "net.ipv4.conf.c1.route_localnet=1");
      NsProcess redirector = RedirectorProcess.run(lab.client, run, RedirectorProcess.ALL_DIRECT, args);
      try {
        assertEquals(http.blobSha256, DestinationServers.curlSha(lan, RedirectLab.DEST), redirector.log());
        assertTrue(redirector.log().contains("10.213.0.2:"), "the flow should come from the LAN client:\n"
            + redirector.log());
        String forwarded = lab.client.run("iptables-save", "-c", "-t", "filter").lines()
            .filter(l -> l.contains("socksify-test-forwarded")).findFirst().orElseThrow();
        assertTrue(forwarded.startsWith("[0:0]"), "forwarded past the redirector: " + forwarded);
      } finally {
        redirector.stop();
      }
      Netns.Result again = lan.tryRun("curl", "-sS", "--max-time", "3", "http://" + RedirectLab.DEST + ":8080/");
      assertNotEquals(0, again.exitCode(), "after stop the gateway rules must be gone: " + again.output());
    } finally {
      lan.close();
    }
  }
}
