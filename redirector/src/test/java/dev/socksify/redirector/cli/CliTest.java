package dev.socksify.redirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.testkit.EmbeddedSocks5Server;
import dev.socksify.testkit.PeerEchoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line without root: parsing, messages, exit codes, rules printing and check. */
class CliTest {
  /** What one invocation printed and returned. */
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = RedirectorCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void exitCodesAreDistinctAndListedInHelp() {
    Set<Integer> codes = Arrays.stream(ExitCode.values()).map(ExitCode::code).collect(Collectors.toSet());
    assertEquals(ExitCode.values().length, codes.size());
    for (String command : new String[] {"--help", "run --help", "rules --help", "status --help", "check --help"}) {
      Run r = run(command.split(" "));
      assertEquals(0, r.code(), command);
      assertTrue(r.out().contains("Exit codes:") && r.out().contains("  4   check: a hop could not be reached"),
          command + ":\n" + r.out());
    }
  }

  @Test
  void aBadProxyUrlIsAUsageErrorThatNeverShowsThePassword() {
    Run r = run("rules", "--proxy", "socks5://alice:hunter2@10.0.0.5:99999");
    assertEquals(ExitCode.USAGE.code(), r.code());
    assertEquals("redirector: Invalid value for option '--proxy' (URL): proxy URL"
        + " 'socks5://alice:****@10.0.0.5:99999': port 99999 out of range 1-65535", r.err().lines().findFirst()
        .orElseThrow());
    assertFalse(r.err().contains("hunter2") || r.out().contains("hunter2"));
  }

  @Test
  void missingAndUnknownCommandsAreUsageErrors() {
    assertEquals(ExitCode.USAGE.code(), run().code());
    assertEquals(ExitCode.USAGE.code(), run("frobnicate").code());
    Run noChain = run("run");
    assertEquals(ExitCode.USAGE.code(), noChain.code());
    assertTrue(noChain.err().startsWith("redirector: run needs --config FILE or --proxy URL"), noChain.err());
    assertEquals(ExitCode.USAGE.code(), run("rules", "--backend", "pf").code());
    assertEquals(ExitCode.USAGE.code(), run("rules", "--exclude", "10.1.0.0/8").code());
    assertEquals(ExitCode.USAGE.code(), run("run", "--config", "/nonexistent/socksify.conf").code());
  }

  @Test
  void rulesPrintsRunnableScriptsWithTheProxiesExcluded() {
    Run r = run("rules", "--proxy", "socks5://u:secret@192.0.2.7:1080", "--proxy", "socks5h://[2001:db8::7]:1081",
        "--port", "4000", "--exclude", "198.51.100.0/24");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("iptables-restore --noflush <<'EOF'\n*nat\n"), r.out());
    assertTrue(r.out().contains("-A SOCKSIFY -d 198.51.100.0/24 -j RETURN\n-A SOCKSIFY -d 192.0.2.7/32 -j RETURN\n"
        + "-A SOCKSIFY -p tcp -j REDIRECT --to-ports 4000\n"), r.out());
    assertTrue(r.out().contains("ip6tables-restore --noflush <<'EOF'\n"), r.out());
    assertTrue(r.out().contains("-A SOCKSIFY -d 2001:db8::7/128 -j RETURN\n"), r.out());
    assertFalse(r.out().contains("secret"));
  }

  @Test
  void rulesForNftablesWithoutIpv6() {
    Run r = run("rules", "--backend", "nftables", "--no-ipv6");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("nft -f - <<'EOF'\ntable inet socksify {\n"), r.out());
    assertTrue(r.out().contains("    meta nfproto ipv6 return\n"), r.out());
    assertTrue(r.out().contains("}\nEOF\n"), r.out());
    // the UDP relay's rules follow the TCP ones: its own table and the policy routing, IPv4 only here
    assertTrue(r.out().contains("nft -f - <<'EOF'\ntable inet socksify_udp {\n"), r.out());
    assertTrue(r.out().endsWith("ip -4 -batch - <<'EOF'\nrule add fwmark 0x1534b lookup 100 protocol 115\n"
        + "route add local default dev lo table 100 proto 115\nEOF\n"), r.out());
  }

  @Test
  void checkTriesEveryHopAndTheWholeChain() throws Exception {
    try (EmbeddedSocks5Server a = new EmbeddedSocks5Server();
        EmbeddedSocks5Server b = new EmbeddedSocks5Server().requireCredentials("bob", "pa55word");
        PeerEchoServer target = new PeerEchoServer()) {
      Run r = run("check", "--proxy", "socks5://127.0.0.1:" + a.port(), "--proxy",
          "socks5://bob:pa55word@127.0.0.1:" + b.port(), "--target", "127.0.0.1:" + target.port());
      assertEquals(0, r.code(), r.out() + r.err());
      assertTrue(r.out().contains("  hop 1 socks5 127.0.0.1:" + a.port() + ": reachable\n"), r.out());
      assertTrue(r.out().contains("  hop 2 socks5 127.0.0.1:" + b.port() + " through hops 1-1: reachable\n"),
          r.out());
      assertTrue(r.out().contains("  whole chain -> 127.0.0.1:" + target.port() + ": reachable\n"), r.out());
      assertFalse(r.out().contains("pa55word"));
    }
  }

  @Test
  void checkFailsWhenAHopIsDown() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    try (EmbeddedSocks5Server a = new EmbeddedSocks5Server()) {
      Run r = run("check", "--proxy", "socks5://127.0.0.1:" + a.port(), "--proxy", "socks5://127.0.0.1:" + dead);
      assertEquals(ExitCode.CHECK_FAILED.code(), r.code(), r.out());
      assertTrue(r.out().contains("  hop 2 socks5 127.0.0.1:" + dead + " through hops 1-1: NOT reachable: hop 1"),
          r.out());
    }
  }
}
