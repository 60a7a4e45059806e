package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.testkit.peers.Danted;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Netty app with its own, unshaded Netty 4.2 (native epoll jar on its class path) under the agent, which carries
 * a relocated Netty of its own: NIO goes through the relay; an app that takes epoll when Netty says it is available
 * is told it is not (epoll connects through JNI, past the hooks) and so takes NIO too.
 */
class NettyIT extends ChainLab {
  private static String chain;

  @BeforeAll
  static void chain() {
    FarSide far = far();
    Danted danted = PEERS.danted("127.0.0.14");
    chain = danted.url(true) + "," + far.lastHopUrl();
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void nioClient(Jdk jdk) {
    AppRun run = AgentJvm.on(jdk).agent(chain)
        .run("app.NettyApp", "nio", FarSide.DESTINATION, Integer.toString(far.peerPort())).assertOk();
    assertStreamWorks(run);
    assertEquals("/" + destination(far.peerPort()), run.require("remote"), "channel.remoteAddress()\n" + run);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void anAppThatPrefersEpollIsSwitchedToNio(Jdk jdk) {
    AppRun run = AgentJvm.on(jdk).agent(chain)
        .run("app.NettyApp", "auto", FarSide.DESTINATION, Integer.toString(far.peerPort())).assertOk();
    assertEquals("false", run.require("epollAvailable"), run.toString());
    assertTrue(run.require("epollCause").contains("socksify"), "Netty says why\n" + run);
    assertEquals("nio", run.require("transport"), run.toString());
    assertStreamWorks(run);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void withoutTheAgentEpollIsAvailable(Jdk jdk) {
    // the control: the switch to NIO above is the agent's doing, not this host's
    AppRun run = AgentJvm.on(jdk).withoutAgent()
        .run("app.NettyApp", "auto", FarSide.DESTINATION, Integer.toString(far.peerPort()));
    assertEquals("true", run.require("epollAvailable"), run.toString());
    assertEquals("epoll", run.require("transport"), run.toString());
    run.assertFailed();
  }
}
