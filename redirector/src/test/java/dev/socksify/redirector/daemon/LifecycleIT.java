package dev.socksify.redirector.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.redirector.lab.DestinationServers;
import dev.socksify.redirector.lab.LabCheck;
import dev.socksify.redirector.lab.Netns;
import dev.socksify.redirector.lab.NsProcess;
import dev.socksify.redirector.lab.RedirectLab;
import dev.socksify.redirector.lab.RedirectorProcess;
import dev.socksify.testkit.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The daemon's life in a namespace: both backends install and remove their rules; after kill -9 the rules stay,
 * status says so, and the next start or {@code rules --remove} cleans up; root is dropped to nobody with only
 * CAP_NET_ADMIN, on the threads that need it, and rule removal still works after the drop.
 */
class LifecycleIT {
  private static RedirectLab lab;
  private static DestinationServers http;

  @BeforeAll
  static void setUp() {
    LabCheck.requireNamespaceLab("iptables", "ip6tables", "nft", "curl", "sha256sum", "ss");
    lab = RedirectLab.create();
    http = DestinationServers.startHttp(lab);
  }

  @AfterAll
  static void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  private static NsProcess start(String backend) {
    return RedirectorProcess.run(lab.client, lab.dir("run-" + System.nanoTime()), RedirectorProcess.ALL_DIRECT,
        List.of("--port", "12345", "--backend", backend));
  }

  /** Every line of the client's rule sets that is socksify's. */
  private static String ours() {
    String all = lab.client.run("iptables-save") + lab.client.run("ip6tables-save")
        + lab.client.run("nft", "list", "ruleset");
    return String.join("\n", all.lines().filter(l -> l.toLowerCase().contains("socksify")
        && !l.contains("socksify-test-leak")).toList());
  }

  @Test
  void theLeakCounterSeesAConnectionNobodyRedirected() {
    long before = lab.leaked();
    Netns.Result curl = lab.client.tryRun("curl", "-sS", "--max-time", "3", "http://" + RedirectLab.DEST + ":8080/");
    assertNotEquals(0, curl.exitCode(), "without the redirector the destination must be unreachable");
    assertTrue(lab.leaked() > before, "the counting rule missed a direct SYN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"iptables", "nftables"})
  void eachBackendRedirectsBothFamiliesAndRemovesItsRulesOnSigterm(String backend) {
    NsProcess redirector = start(backend);
    try {
      String installed = ours();
      assertTrue(installed.contains(backend.equals("iptables") ? ":SOCKSIFY" : "table inet socksify"), installed);
      long leakedBefore = lab.leaked();
      for (String host : List.of(RedirectLab.DEST, RedirectLab.DEST6)) {
        assertEquals(http.blobSha256, DestinationServers.curlSha(lab.client, host), redirector.log());
      }
      assertEquals(leakedBefore, lab.leaked());
    } finally {
      redirector.stop();
    }
    assertEquals("", ours(), redirector.log());
    assertTrue(redirector.log().contains("removed " + backend + " rules"), redirector.log());
  }

  @Test
  void sigintRemovesTheRulesToo() {
    NsProcess redirector = start("nftables");
    assertTrue(ours().contains("table inet socksify"), ours());
    redirector.signalAndWait("INT");
    assertEquals("", ours(), redirector.log());
    assertTrue(redirector.log().contains("removed nftables rules"), redirector.log());
  }

  @ParameterizedTest
  @ValueSource(strings = {"iptables", "nftables"})
  void afterKill9StatusReportsLeftoversAndTheNextStartRemovesThem(String backend) {
    NsProcess crashed = start(backend);
    crashed.kill();
    assertNotEquals("", ours(), "kill -9 cannot have removed anything");
    Netns.Result status = RedirectorProcess.cli(lab.client, "status", List.of("--control",
        lab.dir("nowhere").resolve("control.sock").toString()));
    assertEquals(5, status.exitCode(), status.output());
    assertTrue(status.output().contains("rules of an earlier run are still installed"), status.output());

    NsProcess next = start("iptables");
    try {
      assertTrue(next.log().contains("removing rules left by an earlier run"), next.log());
      assertEquals(http.blobSha256, DestinationServers.curlSha(lab.client, RedirectLab.DEST), next.log());
    } finally {
      next.stop();
    }
    assertEquals("", ours(), next.log());
  }

  @ParameterizedTest
  @ValueSource(strings = {"iptables", "nftables"})
  void rulesRemoveCleansUpAfterACrash(String backend) {
    start(backend).kill();
    assertTrue(ours().contains(backend.equals("iptables") ? "SOCKSIFY" : "table inet socksify"), ours());
    Netns.Result removed = RedirectorProcess.cli(lab.client, "rules", List.of("--remove"));
    assertEquals(0, removed.exitCode(), removed.output());
    assertTrue(removed.output().contains(backend.equals("iptables") ? "removed iptables nat chain SOCKSIFY"
        : "removed nftables table inet socksify"), removed.output());
    assertEquals("", ours());
    Netns.Result again = RedirectorProcess.cli(lab.client, "rules", List.of("--remove"));
    assertEquals(0, again.exitCode(), again.output());
    assertTrue(again.output().contains("iptables: nothing of socksify's installed"), again.output());
    assertTrue(again.output().contains("nftables: nothing of socksify's installed"), again.output());
  }

  @Test
  void runsOnJdk25WithoutWarnings() {
    String jdk25 = System.getProperty("socksify.jdk25",
        System.getenv().getOrDefault("SOCKSIFY_JDK25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    Path java = Path.of(jdk25, "bin", "java");
    Lab.require("JDK 25 at " + jdk25 + " (set -Dsocksify.jdk25 or SOCKSIFY_JDK25)", Files.isExecutable(java));
    Path run = lab.dir("run-jdk25");
    NsProcess redirector = RedirectorProcess.runWith(java.toString(), lab.client, run.resolve("redirector.log"),
        List.of("--config", RedirectorProcess.write(run, "socksify.conf", RedirectorProcess.ALL_DIRECT).toString(),
            "--control", run.resolve("control.sock").toString(), "--port", "12345"));
    try {
      assertEquals(http.blobSha256, DestinationServers.curlSha(lab.client, RedirectLab.DEST6), redirector.log());
      assertFalse(redirector.log().contains("WARNING"), redirector.log());
    } finally {
      redirector.stop();
    }
    assertEquals("", ours(), redirector.log());
  }

  /** One thread of the daemon as the kernel sees it. */
  private record Task(String name, String uids, long effective, long ambient) {
    static Task read(Path dir) throws IOException {
      String status = Files.readString(dir.resolve("status"));
      return new Task(Files.readString(dir.resolve("comm")).strip(), field(status, "Uid").replaceAll("\\s+", " "),
          Long.parseLong(field(status, "CapEff"), 16), Long.parseLong(field(status, "CapAmb"), 16));
    }

    private static String field(String status, String name) {
      return status.lines().filter(l -> l.startsWith(name + ":")).findFirst().orElseThrow()
          .substring(name.length() + 1).strip();
    }
  }

  @Test
  void rootIsDroppedToNobodyWithOnlyNetAdminOnTheRelayThreadsAndRulesStillGoAtExit() throws Exception {
    // CAP_NET_BIND_SERVICE too: the UDP relay's replies leave from the original destination's port (DNS: 53)
    long netAdmin = (1L << 12) | (1L << 10);
    NsProcess redirector = start("iptables");
    try {
      List<Task> tasks = new ArrayList<>();
      try (var dirs = Files.list(Path.of("/proc", Long.toString(redirector.pid()), "task"))) {
        for (Path dir : dirs.toList()) {
          tasks.add(Task.read(dir));
        }
      }
      for (Task t : tasks) {
        assertEquals("65534 65534 65534 65534", t.uids(), "a thread is not nobody: " + t);
        assertTrue(t.effective() == 0 || t.effective() == netAdmin, "more than CAP_NET_ADMIN (and"
            + " CAP_NET_BIND_SERVICE): " + t);
        assertEquals(t.effective(), t.ambient(), t.toString());
      }
      List<Task> relay = tasks.stream().filter(t -> t.name().startsWith("socksify-relay")).toList();
      assertFalse(relay.isEmpty(), tasks.toString());
      for (Task t : relay) {
        assertEquals(netAdmin, t.effective(), "relay threads need CAP_NET_ADMIN for SO_MARK: " + t);
      }
      assertTrue(redirector.log().contains("dropped root: now running as nobody (uid 65534, gid 65534), keeping"
          + " only CAP_NET_ADMIN"), redirector.log());
      assertEquals(http.blobSha256, DestinationServers.curlSha(lab.client, RedirectLab.DEST), redirector.log());
    } finally {
      redirector.stop();
    }
    assertEquals("", ours(), redirector.log());
    assertTrue(redirector.log().contains("removed iptables rules"), redirector.log());
  }
}
