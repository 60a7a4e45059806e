package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.testkit.Lab;
import dev.socksify.testkit.peers.Microsocks;
import dev.socksify.testkit.peers.SshDynamic;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * java.net.Socket under the agent, through microsocks, then ssh -D, then the far side's danted: the blocking,
 * in-band path (the app's own socket carries the handshakes and then the data).
 */
class SocketIT extends ChainLab {
  private static String chain;

  @BeforeAll
  static void chain() {
    FarSide far = far();
    Microsocks microsocks = PEERS.microsocks("127.0.0.21");
    SshDynamic ssh = PEERS.sshDynamic();
    chain = String.join(",", microsocks.url(true), ssh.url(true), far.lastHopUrl());
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void reachesTheDestinationOnlyThroughTheChain(Jdk jdk) {
    AppRun run = AgentJvm.on(jdk).agent(chain).debug()
        .run("app.SocketApp", FarSide.DESTINATION, Integer.toString(far.peerPort()), "10000").assertOk();
    assertStreamWorks(run);
    assertEquals("/" + destination(far.peerPort()), run.require("remote"), "getRemoteSocketAddress()\n" + run);
    assertEquals("/" + FarSide.DESTINATION, run.require("inet"), "getInetAddress()\n" + run);
    assertTrue(run.stderr().contains("main -> " + destination(far.peerPort()) + " via socks5 127.0.0.1:"),
        "debug line names the app, destination and hops\n" + run);
    assertTrue(run.stderr().contains(": ok (in-band)"), run.toString());
  }

  @Test
  void onAVirtualThread() {
    Lab.require("a JDK with virtual threads (21+) as socksify.jdk25", Jdk.JDK25.feature() >= 21);
    AppRun run = AgentJvm.on(Jdk.JDK25).agent(chain)
        .run("app.SocketApp", "--virtual", FarSide.DESTINATION, Integer.toString(far.peerPort()), "10000")
        .assertOk().assertQuiet();
    assertEquals("true", run.require("virtual"), run.toString());
    assertStreamWorks(run);
  }

  @Test
  void withoutTheAgentTheDestinationIsUnreachable() {
    AgentJvm.on(Jdk.JDK17).withoutAgent()
        .run("app.SocketApp", FarSide.DESTINATION, Integer.toString(far.peerPort()), "2000")
        .assertFailed();
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void refusedByTheDestinationIsAConnectException(Jdk jdk) {
    AppRun run = AgentJvm.on(jdk).agent(chain)
        .run("app.SocketApp", FarSide.DESTINATION, Integer.toString(far.closedPort()), "10000")
        .assertFailedWith(ConnectException.class);
    assertTrue(run.require("error").contains("hop 3 socks5 127.0.0.1:"), "names the hop that refused\n" + run);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void theAppsConnectTimeoutIsHonoured(Jdk jdk) {
    AgentJvm.on(jdk).agent(chain)
        .run("app.SocketApp", FarSide.BLACKHOLE, "80", "1500")
        .assertFailedWith(SocketTimeoutException.class);
  }

  @Test
  void anUnknownHostIsAnUnknownHostException() {
    AgentJvm.on(Jdk.JDK17).agent(chain)
        .run("app.SocketApp", "no-such-host.invalid", "80", "10000")
        .assertFailedWith(UnknownHostException.class);
  }

  @Test
  void anUnknownProxyHostIsAnUnknownHostExceptionNamingTheHop() {
    AppRun run = AgentJvm.on(Jdk.JDK17).agent("socks5://no-such-proxy.invalid:1080," + far.lastHopUrl())
        .run("app.SocketApp", FarSide.DESTINATION, Integer.toString(far.peerPort()), "10000")
        .assertFailedWith(UnknownHostException.class);
    assertTrue(run.require("error").contains("hop 1 socks5 no-such-proxy.invalid:1080"), run.toString());
  }
}
