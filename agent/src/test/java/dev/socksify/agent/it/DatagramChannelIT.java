package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.udp.UdpLimits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * java.nio.channels.DatagramChannel under the agent (blocking, connected with scatter and gather, non-blocking with
 * a Selector), datagrams at the size limit and past it, many datagrams without loss, and ss-local as the hop.
 */
class DatagramChannelIT extends DatagramLab {
  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aBlockingChannelSendsAndReceivesThroughTwoDantedHops(Jdk jdk) {
    AppRun run = app(jdk, twoDantedHops()).run("app.DatagramApp", "channel", destination(), port()).assertOk();
    assertEquals("13", run.require("sent"), "send() reports the payload bytes\n" + run);
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "hello channel", run.require("reply"), run);
    assertEquals(farSender(), run.require("sender"), run.toString());
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aConnectedChannelGathersAndScattersThroughOneDantedHop(Jdk jdk) {
    AppRun run = app(jdk, lab.dantedB()).run("app.DatagramApp", "channel-connected", destination(), port())
        .assertOk();
    assertEquals("true", run.require("connected"), run.toString());
    assertEquals(farSender(), run.require("remote"), run.toString());
    assertEquals("14", run.require("written"), run.toString());
    String scattered = run.require("scattered");
    assertTrue(scattered.startsWith("peer=|" + DatagramNamespaces.DANTED_EGRESS + ":")
        && scattered.endsWith(" gathered write"), "the answer to both parts, split over both buffers\n" + run);
    assertEquals(Integer.toString(scattered.length() - 1), run.require("read"), run.toString());
    assertEquals("11", run.require("write"), run.toString());
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "plain write", run.require("reply"), run);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aNonBlockingChannelWorksWithASelector(Jdk jdk) {
    AppRun run = app(jdk, twoDantedHops()).run("app.DatagramApp", "channel-nonblocking", destination(), port())
        .assertOk();
    assertEquals("14", run.require("sent"), "the first send set up the association and went\n" + run);
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "hello selector", run.require("reply"), run);
    assertEquals(farSender(), run.require("sender"), run.toString());
    assertEquals(farSender(), run.require("remote"), run.toString());
    assertEquals("18", run.require("write"), run.toString());
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "connected selector", run.require("connected-reply"), run);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void datagramsAtTheLimitPassTwoHopsAndOnePastIsMessageTooLong(Jdk jdk) {
    // two IPv4 SOCKS5 headers of 10 bytes each ride inside the largest IPv4 datagram
    int max = UdpLimits.MAX_IPV4_PAYLOAD - 2 * 10;
    AppRun run = app(jdk, twoDantedHops())
        .run("app.DatagramApp", "large", destination(), port(), Integer.toString(max)).assertOk();
    assertEquals(Integer.toString(max), run.require("sent"), run.toString());
    assertEquals("true", run.require("intact"), "the far side got every byte: " + run.require("summary") + "\n" + run);
    assertEquals(Integer.toString(max), run.require("big-received"), "an answer of the largest size came back\n" + run);
    assertEquals("true", run.require("big-intact"), run.toString());
    assertEquals("java.net.SocketException: Message too long: " + (max + 1) + " bytes to " + destination() + ":"
        + port() + ", at most " + max + " fit through 2 udp hops (each adds a SOCKS5 header)",
        run.require("too-large"), run.toString());
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void twoThousandDatagramsArriveOnceEachThroughTwoHops(Jdk jdk) {
    // A window of outstanding datagrams keeps the relays' socket buffers from overflowing; nothing else loses
    // datagrams between these namespaces, so every one must come back exactly once.
    AppRun run = app(jdk, twoDantedHops())
        .run("app.DatagramApp", "many", destination(), port(), "2000", "32").assertOk();
    assertEquals("2000", run.require("received"), run.toString());
    assertEquals("0", run.require("duplicates"), run.toString());
    assertTrue(run.stderr().contains("2000 sent, 2000 received, 0 dropped"), run.toString());
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void ssLocalCarriesUdpToo(Jdk jdk) {
    AppRun run = app(jdk, lab.ssLocal()).run("app.DatagramApp", "socket", destination(), port()).assertOk();
    assertCameFrom(DatagramNamespaces.SS_EGRESS, "hello udp", run.require("reply"), run);
    assertEquals(farSender(), run.require("sender"), run.toString());
  }
}
