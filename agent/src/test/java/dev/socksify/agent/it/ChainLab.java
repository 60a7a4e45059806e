package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.testkit.RealPeers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the agent tests share: real proxies on loopback in the host namespace (started by the test kit), the far
 * side with the last hop and the destination in a namespace of its own, and the assertions on what the
 * destination saw.
 */
abstract class ChainLab {
  @RegisterExtension static final RealPeers PEERS = new RealPeers();

  static FarSide far;

  static FarSide far() {
    if (far == null) {
      far = FarSide.start();
    }
    return far;
  }

  @AfterAll
  static void stopFarSide() {
    if (far != null) {
      far.close();
      far = null;
    }
  }

  /** {@code 10.78.0.2:PORT} as the app writes it. */
  static String destination(int port) {
    return FarSide.DESTINATION + ":" + port;
  }

  /** The destination saw the last hop's egress address: the chain, and nothing else, carried the connection. */
  static void assertCameThroughChain(String peerLine, AppRun run) {
    assertTrue(peerLine.startsWith("peer=" + FarSide.EGRESS + ":"),
        "the destination should have seen the last hop's egress " + FarSide.EGRESS + ", saw '" + peerLine + "'\n"
            + run + "\n" + far.logs());
  }

  /** The app's greeting, echo and end of stream after its half-close all came through. */
  static void assertStreamWorks(AppRun run) {
    assertCameThroughChain(run.require("greeting"), run);
    assertEquals("hello through the chain", run.require("echo"), run.toString());
    assertEquals("true", run.require("eof"), "half-close reached the destination and its close came back\n" + run);
  }
}
