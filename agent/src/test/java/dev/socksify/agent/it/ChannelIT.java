package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.testkit.peers.Danted;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SocketChannel under the agent, through a danted on loopback and then the far side's danted: blocking channels
 * take the in-band path, non-blocking ones the relay.
 */
class ChannelIT extends ChainLab {
  private static String chain;

  @BeforeAll
  static void chain() {
    FarSide far = far();
    Danted danted = PEERS.danted("127.0.0.11");
    chain = danted.url(true) + "," + far.lastHopUrl();
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void blocking(Jdk jdk) {
    AppRun run = AgentJvm.on(jdk).agent(chain).debug()
        .run("app.ChannelApp", "blocking", FarSide.DESTINATION, Integer.toString(far.peerPort())).assertOk();
    assertStreamWorks(run);
    assertEquals("/" + destination(far.peerPort()), run.require("remote"), "getRemoteAddress()\n" + run);
    assertTrue(run.stderr().contains(": ok (in-band)"), run.toString());
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void blockingThroughTheSocketAdaptorWithATimeout(Jdk jdk) {
    AppRun run = AgentJvm.on(jdk).agent(chain)
        .run("app.ChannelApp", "adaptor", FarSide.DESTINATION, Integer.toString(far.peerPort()), "10000")
        .assertOk().assertQuiet();
    assertStreamWorks(run);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void theAdaptorsTimeoutIsHonoured(Jdk jdk) {
    AgentJvm.on(jdk).agent(chain)
        .run("app.ChannelApp", "adaptor", FarSide.BLACKHOLE, "80", "1500")
        .assertFailedWith(SocketTimeoutException.class);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void refusedIsAConnectException(Jdk jdk) {
    AgentJvm.on(jdk).agent(chain)
        .run("app.ChannelApp", "blocking", FarSide.DESTINATION, Integer.toString(far.closedPort()))
        .assertFailedWith(ConnectException.class);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void nonBlockingGoesThroughTheRelay(Jdk jdk) {
    AppRun run = AgentJvm.on(jdk).agent(chain).debug()
        .run("app.ChannelApp", "nonblocking", FarSide.DESTINATION, Integer.toString(far.peerPort())).assertOk();
    assertStreamWorks(run);
    assertEquals("/" + destination(far.peerPort()), run.require("remote"), "getRemoteAddress()\n" + run);
    assertTrue(run.stderr().contains(": ok (relay)"), run.toString());
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void nonBlockingRefusedFailsTheFirstRead(Jdk jdk) {
    AppRun run = AgentJvm.on(jdk).agent(chain).debug()
        .run("app.ChannelApp", "nonblocking", FarSide.DESTINATION, Integer.toString(far.closedPort()))
        .assertFailedWith(SocketException.class);
    assertTrue(run.stderr().contains("connection refused"), "the debug log says why\n" + run);
  }
}
