package dev.socksify.redirector.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.redirector.lab.LabCheck;
import dev.socksify.redirector.lab.Netns;
import dev.socksify.redirector.lab.NsProcess;
import dev.socksify.redirector.lab.RedirectLab;
import dev.socksify.redirector.lab.RedirectorProcess;
import dev.socksify.redirector.lab.Scripts;
import dev.socksify.testkit.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Relay mechanics with every flow sent direct (the redirector's own marked sockets are the only client traffic
 * that can reach the destination): redirect and original destination over IPv4 and IPv6, bytes intact, FIN
 * carried both ways, bounded buffering for a reader that never reads, refusal reset, and rule cleanup. Each
 * relaying test runs with splice and with buffer copies.
 */
class DirectRelayIT {
  private static final int HTTP = 8080;
  private static final int UPLOAD_ANSWER = 9001;
  private static final int LATE_UPLOAD = 9002;
  private static final int NEVER_READS = 9003;
  private static final int NOTHING_LISTENS = 9009;
  private static final int LISTEN = 12345;
  private static final int BLOB = 20_000_000;

  private static RedirectLab lab;
  private static String blobSha;
  private static Path lateUploadResult;

  @BeforeAll
  static void setUp() {
    LabCheck.requireNamespaceLab("iptables", "ip6tables", "curl", "sha256sum", "ss");
    Lab.require("/usr/bin/python3", Files.isExecutable(Path.of(Scripts.python())));
    lab = RedirectLab.create();
    Netns d = lab.destination;
    Path www = lab.dir("www");
    d.run("sh", "-c", "head -c " + BLOB + " /dev/urandom > " + www + "/blob");
    blobSha = d.run("sha256sum", www + "/blob").split(" ")[0];
    lateUploadResult = lab.dir("results").resolve("late-upload.sha");
    String py = Scripts.python();
    d.spawn("http", lab.log("http"), List.of(py, "-m", "http.server", "--bind", "::", "--directory",
        www.toString(), Integer.toString(HTTP))).awaitListening(d, HTTP, Duration.ofSeconds(20));
    d.spawn("answer", lab.log("answer"), List.of(py, Scripts.path("upload_then_answer_server.py"),
        Integer.toString(UPLOAD_ANSWER))).awaitListening(d, UPLOAD_ANSWER, Duration.ofSeconds(20));
    d.spawn("late", lab.log("late"), List.of(py, Scripts.path("late_upload_server.py"),
        Integer.toString(LATE_UPLOAD), lateUploadResult.toString())).awaitListening(d, LATE_UPLOAD,
        Duration.ofSeconds(20));
    d.spawn("sink", lab.log("sink"), List.of(py, "-c", "import socket,time\n"
        + "s=socket.create_server(('::'," + NEVER_READS + "),family=socket.AF_INET6,dualstack_ipv6=True)\n"
        + "held=[]\nwhile True: held.append(s.accept())")).awaitListening(d, NEVER_READS, Duration.ofSeconds(20));
  }

  @AfterAll
  static void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  private static NsProcess start(String mode) {
    List<String> args = new ArrayList<>(List.of("--port", Integer.toString(LISTEN)));
    if (mode.equals("copy")) {
      args.add("--no-splice");
    }
    return RedirectorProcess.run(lab.client, lab.dir("redirector-" + mode + "-" + System.nanoTime()),
        RedirectorProcess.ALL_DIRECT, args);
  }

  private static void stopAndAssertClean(NsProcess redirector) {
    redirector.stop();
    String rules = lab.client.run("iptables-save") + lab.client.run("ip6tables-save");
    assertFalse(rules.contains("SOCKSIFY"), "rules left after SIGTERM:\n" + rules + redirector.log());
    assertTrue(redirector.log().contains("removed iptables rules"), redirector.log());
  }

  @ParameterizedTest
  @ValueSource(strings = {"splice", "copy"})
  void curlDownloadsIntactOverIpv4AndIpv6(String mode) {
    NsProcess redirector = start(mode);
    try {
      for (String host : List.of(RedirectLab.DEST, "[" + RedirectLab.DEST6 + "]")) {
        String got = lab.client.run("sh", "-c", "curl -sS --max-time 60 http://" + host + ":" + HTTP
            + "/blob | sha256sum").split(" ")[0];
        assertEquals(blobSha, got, host + "\n" + redirector.log());
      }
      String log = redirector.log();
      assertTrue(log.contains("-> 10.211.0.2:" + HTTP + " via direct: relaying (" + mode + ")"), log);
      assertTrue(log.contains("-> [fd00:211:0:0:0:0:0:2]:" + HTTP + " via direct: relaying (" + mode + ")")
          || log.contains("-> [fd00:211::2]:" + HTTP + " via direct: relaying (" + mode + ")"), log);
      assertEquals(0, lab.leaked(), "packets went to the destination without the redirector");
    } finally {
      stopAndAssertClean(redirector);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"splice", "copy"})
  void clientHalfCloseReachesTheDestinationAndTheAnswerComesBack(String mode) {
    NsProcess redirector = start(mode);
    try {
      for (String host : List.of(RedirectLab.DEST, RedirectLab.DEST6)) {
        String[] out = lab.client.run(Scripts.python(), Scripts.path("upload_then_read.py"), host,
            Integer.toString(UPLOAD_ANSWER), "30000000").strip().split("\n");
        assertEquals(2, out.length, String.join("\n", out) + redirector.log());
        assertEquals(out[1], out[0], "the destination hashed other bytes than were sent (" + host + ")");
      }
    } finally {
      stopAndAssertClean(redirector);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"splice", "copy"})
  void aRequestAndItsFinSentAtOnceArriveWhileTheWayIsStillBeingOpened(String mode) {
    // 100 bytes and the FIN are in the kernel before the redirector has connected on: the redirector must keep them
    // for the destination, not read and drop them while its own connection is still being set up
    NsProcess redirector = start(mode);
    try {
      for (int i = 0; i < 20; i++) {
        String host = i % 2 == 0 ? RedirectLab.DEST : RedirectLab.DEST6;
        String[] out = lab.client.run(Scripts.python(), Scripts.path("upload_then_read.py"), host,
            Integer.toString(UPLOAD_ANSWER), "100").strip().split("\n");
        assertEquals(2, out.length, "round " + i + ": " + String.join("\n", out) + redirector.log());
        assertEquals(out[1], out[0], "round " + i + ": the destination hashed other bytes than were sent (" + host
            + ")\n" + redirector.log());
      }
    } finally {
      stopAndAssertClean(redirector);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"splice", "copy"})
  void destinationHalfCloseReachesTheClientWhichCanStillSend(String mode) throws Exception {
    NsProcess redirector = start(mode);
    try {
      Files.deleteIfExists(lateUploadResult);
      String[] out = lab.client.run(Scripts.python(), Scripts.path("late_upload.py"), RedirectLab.DEST,
          Integer.toString(LATE_UPLOAD), "40000000").strip().split("\n");
      assertEquals("hello from the destination", out[0], redirector.log());
      // the client cannot see the server finish (its FIN came first), so wait for the server's result file
      for (int i = 0; i < 600 && !Files.exists(lateUploadResult); i++) {
        Thread.sleep(50);
      }
      assertTrue(Files.exists(lateUploadResult), "the destination never saw the upload end\n" + redirector.log());
      assertEquals(out[1], Files.readString(lateUploadResult).strip(),
          "bytes sent after the destination's FIN did not all arrive\n" + redirector.log());
    } finally {
      stopAndAssertClean(redirector);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"splice", "copy"})
  void aReaderThatNeverReadsHoldsOnlyKernelBuffers(String mode) {
    NsProcess redirector = start(mode);
    try {
      long limit = 400L << 20;
      long accepted = Long.parseLong(lab.client.run(Scripts.python(), Scripts.path("push.py"), RedirectLab.DEST,
          Integer.toString(NEVER_READS), Long.toString(limit), "3").strip());
      // socket buffers on the way (client, relay both sides, destination) are a few MiB each; a relay that
      // buffered without bound would have taken all 400 MiB
      assertTrue(accepted < (100L << 20), "the relay took " + (accepted >> 20) + " MiB from a client whose peer"
          + " never reads\n" + redirector.log());
      assertTrue(accepted > 0, "nothing was accepted at all");
    } finally {
      stopAndAssertClean(redirector);
    }
  }

  @Test
  void aRefusedDestinationIsResetAndLoggedInOneLine() {
    NsProcess redirector = start("splice");
    try {
      Netns.Result curl = lab.client.tryRun("curl", "-sS", "--max-time", "20",
          "http://" + RedirectLab.DEST + ":" + NOTHING_LISTENS + "/");
      assertNotEquals(0, curl.exitCode());
      assertTrue(curl.output().contains("reset by peer"), "expected a reset, curl said: " + curl.output());
      String log = redirector.log();
      List<String> lines = log.lines().filter(l -> l.contains(":" + NOTHING_LISTENS + " via direct")).toList();
      assertEquals(1, lines.size(), log);
      assertTrue(lines.get(0).matches(".*WARN +10\\.210\\.0\\.1:\\d+ -> 10\\.211\\.0\\.2:" + NOTHING_LISTENS
          + " via direct: .*[Rr]efused.*"), lines.get(0));
    } finally {
      stopAndAssertClean(redirector);
    }
  }
}
