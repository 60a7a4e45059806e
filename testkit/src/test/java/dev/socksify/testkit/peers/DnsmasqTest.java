package dev.socksify.testkit.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.testkit.Lab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher itself: loopback start/stop by PID, a clear error when dnsmasq cannot start, and the namespace mode
 * with glibc's resolver (getent) inside the namespace as the client — the set-up the agent's no-leak proof uses.
 */
class DnsmasqTest {
  @TempDir Path dir;

  @Test
  void startsOnAFreeLoopbackPortAndStopsByPid() throws Exception {
    Lab.requireCommand("dnsmasq");
    Dnsmasq dns = Dnsmasq.on("127.0.0.1").address("x.test", "10.0.0.1").start(dir);
    long pid = dns.pid();
    try {
      assertTrue(dns.port() > 0);
      assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
      assertTrue(cmdline.contains("--port=" + dns.port()) && cmdline.contains("--no-resolv"), cmdline);
      assertEquals(List.of(), dns.queries());
    } finally {
      dns.close();
    }
    assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "still running: " + pid);
  }

  @Test
  void aPortInUseIsAClearError() throws Exception {
    Lab.requireCommand("dnsmasq");
    try (Dnsmasq first = Dnsmasq.on("127.0.0.1").start(dir.resolve("a"))) {
      IOException e = assertThrows(IOException.class,
          () -> Dnsmasq.on("127.0.0.1").port(first.port()).start(dir.resolve("b")).close());
      assertTrue(e.getMessage().contains("exited with") && e.getMessage().contains("Address already in use"),
          e.getMessage());
    }
  }

  @Test
  void insideANetworkNamespaceGlibcQueriesAreLogged() throws Exception {
    Lab.requireCommand("dnsmasq");
    Lab.requireRoot("network namespaces");
    Lab.requireCommand("ip");
    String ns = "sfy-dns-" + ProcessHandle.current().pid();
    // ip netns exec bind-mounts /etc/netns/NAME/resolv.conf over /etc/resolv.conf inside the namespace
    Path etc = Path.of("/etc/netns", ns);
    boolean hadNetnsDir = Files.isDirectory(etc.getParent());
    assertEquals(0, run("ip", "netns", "add", ns));
    try {
      assertEquals(0, run("ip", "-n", ns, "link", "set", "lo", "up"));
      Files.createDirectories(etc);
      Files.writeString(etc.resolve("resolv.conf"), "nameserver 127.0.0.1\noptions attempts:1 timeout:2\n");
      try (Dnsmasq dns = Dnsmasq.on("127.0.0.1").netns(ns).address("service.test", "10.201.0.7").start(dir)) {
        assertEquals(53, dns.port());
        Path out = dir.resolve("getent.out");
        // "hosts", not "ahosts": getaddrinfo's AI_ADDRCONFIG sees only loopback here and would not ask at all
        int rc = run(out, "ip", "netns", "exec", ns, "getent", "hosts", "service.test");
        String answer = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, rc, answer);
        assertTrue(answer.startsWith("10.201.0.7"), answer);
        List<Dnsmasq.Query> queries = dns.queriesFor("service.test");
        assertTrue(queries.contains(new Dnsmasq.Query("A", "service.test", "127.0.0.1")), queries.toString());
        assertTrue(queries.stream().allMatch(q -> q.client().equals("127.0.0.1")), queries.toString());
      }
    } finally {
      Files.deleteIfExists(etc.resolve("resolv.conf"));
      Files.deleteIfExists(etc);
      if (!hadNetnsDir) {
        Files.deleteIfExists(etc.getParent());
      }
      run("ip", "netns", "del", ns);
    }
  }

  private int run(String... cmd) throws Exception {
    return run(dir.resolve("cmd.out"), cmd);
  }

  private static int run(Path out, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish within 20 s");
    }
    return p.exitValue();
  }
}
