package dev.socksify.redirector.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.redirector.lab.DestinationServers;
import dev.socksify.redirector.lab.LabCheck;
import dev.socksify.redirector.lab.Netns;
import dev.socksify.redirector.lab.NsPeers;
import dev.socksify.redirector.lab.NsProcess;
import dev.socksify.redirector.lab.RedirectLab;
import dev.socksify.redirector.lab.RedirectorProcess;
import dev.socksify.redirector.lab.Scripts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unmodified non-Java clients in a namespace that can reach the destination only through the chain: curl, wget,
 * Python urllib, iperf3, ssh and git over HTTP, over IPv4 and IPv6, through danted then microsocks (with RFC 1929
 * authentication) in the proxy namespace. Every packet the client sends towards the destination without the
 * redirector is counted, and the count must stay 0.
 */
class ChainRedirectIT {
  private static final String USER = "labuser";
  private static final String PASSWORD = "s3cret-Pass";

  private static RedirectLab lab;
  private static DestinationServers servers;
  private static NsProcess redirector;
  private static Path run;

  @BeforeAll
  static void setUp() throws Exception {
    LabCheck.requireNamespaceLab("iptables", "ip6tables", "danted", "microsocks", "curl", "wget", "iperf3",
        "ssh", "sshd", "ssh-keygen", "git", "sha256sum", "ss");
    lab = RedirectLab.create();
    servers = DestinationServers.start(lab);
    Path proxies = lab.dir("proxies");
    NsPeers.Peer danted = NsPeers.danted(lab.proxies, proxies, List.of(RedirectLab.PROXY, RedirectLab.PROXY6), 1080,
        List.of(RedirectLab.PROXY_EGRESS_ALT, RedirectLab.PROXY_EGRESS_ALT6));
    NsPeers.Peer microsocks = NsPeers.microsocks(lab.proxies, proxies, RedirectLab.PROXY, 1081, USER, PASSWORD,
        null);
    String config = "strict_chain\n[ProxyList]\n" + danted.proxyListLine() + "\n" + microsocks.proxyListLine()
        + "\n";
    run = lab.dir("run");
    redirector = RedirectorProcess.run(lab.client, run, config, List.of("--port", "12345"));
  }

  @AfterAll
  static void tearDown() {
    try {
      if (redirector != null) {
        redirector.stop();
        String rules = lab.client.run("iptables-save") + lab.client.run("ip6tables-save");
        assertFalse(rules.contains("SOCKSIFY"), "rules left after SIGTERM:\n" + rules);
        assertFalse(redirector.log().contains(PASSWORD), "the password is in the log");
      }
    } finally {
      if (lab != null) {
        lab.close();
      }
    }
  }

  private static String url(String host, String path) {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + DestinationServers.HTTP + path;
  }

  @ParameterizedTest
  @ValueSource(strings = {RedirectLab.DEST, RedirectLab.DEST6})
  void curlGetsTheBlobIntact(String host) {
    String got = lab.client.run("sh", "-c", "curl -sS --max-time 60 " + url(host, "/blob") + " | sha256sum")
        .split(" ")[0];
    assertEquals(servers.blobSha256, got, redirector.log());
    assertEquals(0, lab.leaked());
  }

  @ParameterizedTest
  @ValueSource(strings = {RedirectLab.DEST, RedirectLab.DEST6})
  void wgetGetsTheBlobIntact(String host) {
    String got = lab.client.run("sh", "-c", "wget -q -O - --timeout=60 --tries=1 " + url(host, "/blob")
        + " | sha256sum").split(" ")[0];
    assertEquals(servers.blobSha256, got, redirector.log());
    assertEquals(0, lab.leaked());
  }

  @ParameterizedTest
  @ValueSource(strings = {RedirectLab.DEST, RedirectLab.DEST6})
  void pythonUrllibGetsTheBlobIntact(String host) {
    String got = lab.client.run(Scripts.python(), "-c", "import hashlib, urllib.request\n"
        + "print(hashlib.sha256(urllib.request.urlopen('" + url(host, "/blob") + "', timeout=60).read())"
        + ".hexdigest())").strip();
    assertEquals(servers.blobSha256, got, redirector.log());
    assertEquals(0, lab.leaked());
  }

  @ParameterizedTest
  @ValueSource(strings = {RedirectLab.DEST, RedirectLab.DEST6})
  void theDestinationSeesTheLastHopsAddress(String host) {
    String peer = lab.client.run(Scripts.python(), "-c", "import socket\n"
        + "s = socket.create_connection(('" + host + "', " + DestinationServers.WHOAMI + "), timeout=30)\n"
        + "print(s.makefile().readline().strip())").strip();
    // microsocks (hop 2) leaves from the proxy namespace's primary address; danted (hop 1) would use the alias
    String expected = host.contains(":") ? RedirectLab.PROXY_EGRESS6 : RedirectLab.PROXY_EGRESS;
    assertEquals("peer=" + expected, peer, redirector.log());
    assertEquals(0, lab.leaked());
  }

  @ParameterizedTest
  @ValueSource(strings = {RedirectLab.DEST, RedirectLab.DEST6})
  void sshRunsACommand(String host) {
    Netns.Result r = lab.client.tryRun(servers.ssh(host, "echo through-the-chain-$((6*7))").toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.output() + redirector.log());
    assertEquals("through-the-chain-42", r.output().strip());
    assertEquals(0, lab.leaked());
  }

  @ParameterizedTest
  @ValueSource(strings = {RedirectLab.DEST, RedirectLab.DEST6})
  void iperf3Measures(String host) {
    Netns.Result r = lab.client.tryRun("iperf3", "-c", host, "-p", Integer.toString(DestinationServers.IPERF),
        "-t", "2", "-J");
    assertEquals(0, r.exitCode(), r.output() + redirector.log());
    String received = r.output().replaceAll("(?s).*\"sum_received\":\\s*\\{[^}]*?\"bytes\":\\s*(\\d+).*", "$1");
    assertTrue(Long.parseLong(received) > 0, r.output());
    assertEquals(0, lab.leaked());
  }

  @ParameterizedTest
  @ValueSource(strings = {RedirectLab.DEST, RedirectLab.DEST6})
  void gitClonesOverHttp(String host) {
    Path clone = lab.dir("clones").resolve(host.replace(':', '_'));
    Netns.Result r = lab.client.tryRun("git", "clone", "-q", url(host, "/repo.git"), clone.toString());
    assertEquals(0, r.exitCode(), r.output() + redirector.log());
    assertEquals("through the chain", lab.client.run("cat", clone.resolve("README").toString()).strip());
    assertEquals(0, lab.leaked());
  }

  @Test
  void aRefusalAtTheLastHopResetsTheClientAndLogsOneLine() {
    Netns.Result curl = lab.client.tryRun("curl", "-sS", "--max-time", "30",
        "http://" + RedirectLab.DEST + ":9/");
    assertNotEquals(0, curl.exitCode());
    assertTrue(curl.output().contains("reset by peer"), curl.output());
    List<String> lines = redirector.log().lines().filter(l -> l.contains("-> 10.211.0.2:9 via")).toList();
    assertEquals(1, lines.size(), redirector.log());
    assertTrue(lines.get(0).matches(".* WARN +10\\.210\\.0\\.1:\\d+ -> 10\\.211\\.0\\.2:9 via chain default"
        + " \\(socks5 10\\.210\\.0\\.2:1080 -> socks5 10\\.210\\.0\\.2:1081\\): hop 2 socks5 10\\.210\\.0\\.2:1081"
        + " -> 10\\.211\\.0\\.2:9: .*"), lines.get(0));
    assertFalse(lines.get(0).contains(PASSWORD));
  }

  @Test
  void statusReportsTheRunningRedirectorWithoutThePassword() {
    Netns.Result r = RedirectorProcess.cli(lab.client, "status", List.of("--control",
        run.resolve("control.sock").toString()));
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("socksify redirector running"), r.output());
    assertTrue(r.output().contains("as nobody"), r.output());
    assertTrue(r.output().contains("chain default (socks5 10.210.0.2:1080 -> socks5 10.210.0.2:1081)"), r.output());
    assertFalse(r.output().contains(PASSWORD), r.output());
  }
}
