package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the agent's UDP tests share: the two namespaces with the proxies and destinations
 * ({@link DatagramNamespaces}), apps run in the near one under the agent, and the assertions on what the
 * destination saw.
 */
abstract class DatagramLab {
  static DatagramNamespaces lab;

  /** On a failure the lab's configs and logs stay on disk. */
  @RegisterExtension
  static final AfterTestExecutionCallback KEEP_FILES_ON_FAILURE = context -> {
    if (context.getExecutionException().isPresent() && lab != null) {
      lab.keepFiles();
    }
  };

  @BeforeAll
  static void startLab() {
    lab = DatagramNamespaces.start();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
      lab = null;
    }
  }

  /** The app in the near namespace under the agent with {@code argument}, debug log on. */
  static AgentJvm app(Jdk jdk, String argument) {
    return AgentJvm.on(jdk).inNamespace(lab.nearNamespace()).agent(argument).debug();
  }

  /** Danted A then danted B: two SOCKS5 hops, the association nested. */
  static String twoDantedHops() {
    return lab.dantedA() + "," + lab.dantedB();
  }

  static String destination() {
    return DatagramNamespaces.DESTINATION;
  }

  static String port() {
    return Integer.toString(lab.udpPort());
  }

  /** {@code /10.78.0.2:PORT}: how the app prints the far server as a sender. */
  static String farSender() {
    return "/" + DatagramNamespaces.DESTINATION + ":" + lab.udpPort();
  }

  /** The far server answered {@code payload} to a datagram that came from {@code egress}: that hop carried it. */
  static void assertCameFrom(String egress, String payload, String reply, AppRun run) {
    assertTrue(reply.startsWith("peer=" + egress + ":") && reply.endsWith(" " + payload),
        "the destination should have answered '" + payload + "' to the last hop's egress " + egress + ", got '"
            + reply + "'\n" + run + "\n" + lab.logs());
  }

  /** The app's error line, with the exception type the app saw. */
  static void assertError(AppRun run, String type, String message) {
    assertEquals(3, run.exitCode(), "the app should have failed\n" + run);
    assertEquals(type + ": " + message, run.require("error"), run.toString());
  }
}
