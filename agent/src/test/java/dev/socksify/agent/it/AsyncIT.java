package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.socksify.testkit.peers.Microsocks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** AsynchronousSocketChannel under the agent, through microsocks and the far side's danted, via the relay. */
class AsyncIT extends ChainLab {
  private static String chain;

  @BeforeAll
  static void chain() {
    FarSide far = far();
    Microsocks microsocks = PEERS.microsocks("127.0.0.22");
    chain = microsocks.url(true) + "," + far.lastHopUrl();
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void connectsThroughTheRelay(Jdk jdk) {
    AppRun run = AgentJvm.on(jdk).agent(chain)
        .run("app.AsyncApp", FarSide.DESTINATION, Integer.toString(far.peerPort())).assertOk().assertQuiet();
    assertStreamWorks(run);
    assertEquals("/" + destination(far.peerPort()), run.require("remote"), "getRemoteAddress()\n" + run);
  }
}
