package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.testkit.peers.Dnsmasq;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * java.net.DatagramSocket under the agent: datagrams wrapped through SOCKS5 UDP associations to a destination the
 * app could not reach on its own, replies unwrapped with their real sender.
 */
class DatagramSocketIT extends DatagramLab {
  @Test
  void withoutTheAgentTheDestinationIsUnreachable() {
    AppRun run = AgentJvm.on(Jdk.JDK17).inNamespace(lab.nearNamespace()).withoutAgent()
        .run("app.DatagramApp", "socket", destination(), port());
    assertEquals(3, run.exitCode(), run.toString());
    assertTrue(run.require("error").startsWith("java.net.SocketException: Network is unreachable"), run.toString());
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void anUnconnectedSocketGoesThroughTwoDantedHops(Jdk jdk) {
    AppRun run = app(jdk, twoDantedHops()).run("app.DatagramApp", "socket", destination(), port()).assertOk();
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "hello udp", run.require("reply"), run);
    assertEquals(farSender(), run.require("sender"), "the real sender, not hop 1's relay\n" + run);
    assertTrue(run.stderr().contains("main -> " + destination() + ":" + port() + " via socks5 127.0.0.1:"
        + lab.dantedAPort() + " > socks5 " + DatagramNamespaces.FAR_LINK + ":" + lab.dantedBPort()
        + ": ok (udp association, relay 127.0.0.1:"), "debug line names app, destination, hops, relay\n" + run);
    assertTrue(run.stderr().contains("udp socket closed, associations ended: 1 sent, 1 received, 0 dropped"),
        "the association ended with the socket\n" + run);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aConnectedSocketGoesThroughOneDantedHop(Jdk jdk) {
    AppRun run = app(jdk, lab.dantedB()).run("app.DatagramApp", "socket-connected", destination(), port())
        .assertOk();
    assertEquals("true", run.require("connected"), run.toString());
    assertEquals(farSender(), run.require("remote"), "getRemoteSocketAddress() is the destination\n" + run);
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "hello udp", run.require("reply"), run);
    assertEquals(farSender(), run.require("sender"), run.toString());
    assertTrue(run.stderr().contains(": ok (udp connected)"), run.toString());
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aConnectedSocketHearsOnlyItsDestination(Jdk jdk) {
    AppRun run = app(jdk, twoDantedHops()).run("app.DatagramApp", "filter-connected", destination(), port())
        .assertOk();
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "twice one", run.require("first"), run);
    assertEquals(farSender(), run.require("first-sender"), run.toString());
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "twice two", run.require("second"), run);
    assertTrue(run.stderr().contains("not from the destination=2"),
        "both answers from the other port were dropped\n" + run);
  }

  @Test
  void anUnconnectedSocketHearsEveryoneBehindTheChain() {
    AppRun run = app(Jdk.JDK17, twoDantedHops()).run("app.DatagramApp", "filter", destination(), port())
        .assertOk();
    String stranger = "/" + destination() + ":" + lab.udpAltPort();
    assertEquals(Set.of(stranger, farSender()), Set.of(run.require("first-sender"), run.require("second-sender")),
        "the first request's two answers, each with its own sender\n" + run);
    String fromStranger = run.require("first-sender").equals(stranger) ? run.require("first") : run.require("second");
    assertTrue(fromStranger.startsWith("stranger peer=" + DatagramNamespaces.DANTED_EGRESS + ":"), run.toString());
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aReceiveThatBeganBeforeTheFirstSendGetsTheUnwrappedAnswer(Jdk jdk) {
    AppRun run = app(jdk, twoDantedHops()).run("app.DatagramApp", "reader", destination(), port()).assertOk();
    assertEquals("true", run.require("receiver-blocked"), "the receive was under way before the send\n" + run);
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "hello early reader", run.require("reply"), run);
    assertEquals(farSender(), run.require("sender"), run.toString());
  }

  @Test
  void oneSocketTalksToALoopbackPeerDirectlyAndToTheFarOneThroughTheChain() {
    AppRun run = app(Jdk.JDK17, lab.dantedB()).run("app.DatagramApp", "mixed", destination(), port(),
        "127.0.0.1", Integer.toString(lab.nearUdpPort())).assertOk();
    assertTrue(run.require("near").startsWith("peer=127.0.0.1:"), "loopback went direct\n" + run);
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "to the far one", run.require("far"), run);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void anAppsOwnDnsQueryGoesThroughTheChain(Jdk jdk) throws IOException {
    Dnsmasq dns = lab.dnsmasq();
    int before = dns.queriesFor(DatagramNamespaces.DNS_NAME).size();
    AppRun run = app(jdk, twoDantedHops())
        .run("app.DatagramApp", "dns", destination(), "53", DatagramNamespaces.DNS_NAME).assertOk();
    assertEquals("/" + destination() + ":53", run.require("sender"), run.toString());
    assertEquals("5a17", run.require("id"), run.toString());
    assertEquals("0", run.require("rcode"), run.toString());
    assertEquals(DatagramNamespaces.DNS_ANSWER, run.require("answer"), run.toString());
    List<Dnsmasq.Query> queries = dns.queriesFor(DatagramNamespaces.DNS_NAME);
    assertEquals(before + 1, queries.size(), "one query reached the resolver\n" + queries);
    assertEquals(DatagramNamespaces.DANTED_EGRESS, queries.get(queries.size() - 1).client(),
        "the resolver was asked by the last hop\n" + queries);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void nettysOwnDnsResolverAsksThroughTheChain(Jdk jdk) throws IOException {
    Dnsmasq dns = lab.dnsmasq();
    int before = dns.queriesFor(DatagramNamespaces.DNS_NAME).size();
    AppRun run = app(jdk, twoDantedHops())
        .run("app.NettyDnsApp", destination(), "53", DatagramNamespaces.DNS_NAME).assertOk();
    assertEquals(DatagramNamespaces.DNS_ANSWER, run.require("answer"), run.toString());
    List<Dnsmasq.Query> queries = dns.queriesFor(DatagramNamespaces.DNS_NAME);
    List<Dnsmasq.Query> asked = queries.subList(before, queries.size());
    assertTrue(!asked.isEmpty() && asked.stream().allMatch(q -> q.client().equals(DatagramNamespaces.DANTED_EGRESS)),
        "Netty's queries reached the resolver from the last hop only\n" + queries + "\n" + run);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aNameTheAppLookedUpGoesToTheLastHopAsANameAndAnswersComeFromItsAddress(Jdk jdk) {
    // socks5h: remote DNS, the app gets a fake address for the name and the last hop resolves it
    String chain = lab.dantedA() + "," + lab.dantedB().replace("socks5://", "socks5h://");
    AppRun run = app(jdk, chain).run("app.DatagramApp", "socket", DatagramNamespaces.DESTINATION_NAME, port())
        .assertOk();
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "hello udp", run.require("reply"), run);
    String sender = run.require("sender");
    assertTrue(sender.startsWith(DatagramNamespaces.DESTINATION_NAME + "/198.18.") && sender.endsWith(":" + port()),
        "the answer names the (fake) address the app sent to\n" + run);
    assertTrue(run.stderr().contains("main -> " + DatagramNamespaces.DESTINATION_NAME + ":" + port() + " via "),
        "the name went to the chain\n" + run);

    AppRun connected = app(jdk, chain)
        .run("app.DatagramApp", "socket-connected", DatagramNamespaces.DESTINATION_NAME, port()).assertOk();
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "hello udp", connected.require("reply"), connected);
    assertEquals(connected.require("remote"), connected.require("sender"), connected.toString());
  }
}
