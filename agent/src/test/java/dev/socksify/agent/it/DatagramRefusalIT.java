package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the agent does with UDP a chain cannot carry: a clear error naming the hop and why, unless a rule sends the
 * destination direct; and the rules' block and the {@code [udp]} switch.
 */
class DatagramRefusalIT extends DatagramLab {
  @ParameterizedTest
  @EnumSource(Jdk.class)
  void microsocksAsHopOneIsAClearError(Jdk jdk) {
    AppRun run = app(jdk, lab.microsocks()).run("app.DatagramApp", "socket", destination(), port());
    assertError(run, "java.net.SocketException", "socksify: udp to " + destination() + ":" + port() + ": hop 1 socks5 "
        + DatagramNamespaces.FAR_LINK + ":" + lab.microsocksPort() + " -> udp associate: command not supported (0x07)");
  }

  @Test
  void microsocksBehindDantedIsAClearErrorNamingHopTwo() {
    AppRun run = app(Jdk.JDK17, lab.dantedA() + "," + lab.microsocks())
        .run("app.DatagramApp", "socket-connected", destination(), port());
    assertError(run, "java.net.SocketException", "socksify: udp to " + destination() + ":" + port() + ": hop 2 socks5 "
        + DatagramNamespaces.FAR_LINK + ":" + lab.microsocksPort() + " -> udp associate: command not supported (0x07)");
  }

  @Test
  void anHttpHopCannotCarryUdp() {
    AppRun run = app(Jdk.JDK17, lab.dantedA() + ",http://" + DatagramNamespaces.FAR_LINK + ":3128")
        .run("app.DatagramApp", "channel", destination(), port());
    assertError(run, "java.net.SocketException", "socksify: udp to " + destination() + ":" + port() + ": hop 2 http "
        + DatagramNamespaces.FAR_LINK + ":3128: HTTP CONNECT cannot carry UDP");
  }

  @Test
  void aRuleSendingTheDestinationDirectIsTheFallback() {
    Path config = lab.write("fallback.conf", "[ProxyList]\nsocks5 " + DatagramNamespaces.FAR_LINK + " "
        + lab.microsocksPort() + "\n[rules]\ncidr " + DatagramNamespaces.FAR_LINK + "/32 -> direct\n");
    AppRun direct = app(Jdk.JDK17, config.toString())
        .run("app.DatagramApp", "socket", DatagramNamespaces.FAR_LINK, Integer.toString(lab.linkUdpPort()))
        .assertOk();
    assertTrue(direct.require("reply").startsWith("peer=10.77.0.1:"),
        "the datagram left the app's own namespace directly\n" + direct);
    AppRun chained = app(Jdk.JDK17, config.toString()).run("app.DatagramApp", "socket", destination(), port());
    assertError(chained, "java.net.SocketException", "socksify: udp to " + destination() + ":" + port()
        + ": hop 1 socks5 " + DatagramNamespaces.FAR_LINK + ":" + lab.microsocksPort()
        + " -> udp associate: command not supported (0x07)");
  }

  @Test
  void aBlockRuleRefusesTheDatagram() {
    Path config = lab.write("block.conf", "[ProxyList]\nsocks5 " + DatagramNamespaces.FAR_LINK + " "
        + lab.dantedBPort() + "\n[rules]\ncidr " + destination() + "/32 -> block\n");
    AppRun run = app(Jdk.JDK17, config.toString()).run("app.DatagramApp", "socket", destination(), port());
    assertError(run, "java.net.SocketException",
        "socksify: blocked by rule 'cidr " + destination() + "/32 -> block' (" + config + ":4)");
  }

  @Test
  void udpSwitchedOffRefusesDatagramsForTheChain() {
    Path config = lab.write("udp-off.conf", "[ProxyList]\nsocks5 " + DatagramNamespaces.FAR_LINK + " "
        + lab.dantedBPort() + "\n[udp]\nenabled off\n");
    AppRun run = app(Jdk.JDK17, config.toString()).run("app.DatagramApp", "socket", destination(), port());
    assertError(run, "java.net.SocketException", "socksify: UDP through the chain is off ([udp] enabled off)");
  }

  @Test
  void aMissingDatagramHookFailsEveryUdpSendClosed() {
    // without the send hook nothing would see an unconnected datagram's destination: every send is refused, the
    // one to loopback (which would go direct) included
    AppRun run = app(Jdk.JDK17, lab.dantedB())
        .option("-Dsocksify.internal.skipHooks=DatagramChannelImpl.send(")
        .run("app.DatagramApp", "mixed", destination(), port(), "127.0.0.1", Integer.toString(lab.nearUdpPort()));
    assertEquals(3, run.exitCode(), run.toString());
    String error = run.require("error");
    assertTrue(error.startsWith("java.net.SocketException: socksify: on JDK ")
        && error.contains("these hooks are not applied: sun.nio.ch.DatagramChannelImpl.send(FileDescriptor, "
            + "ByteBuffer, InetSocketAddress)")
        && error.endsWith("; refusing to send datagrams directly"), run.toString());
  }

  @Test
  void theLegacyDatagramSocketOfJdk17IsKeptOff() {
    AppRun run = app(Jdk.JDK17, lab.dantedB()).option("-Djdk.net.usePlainDatagramSocketImpl=true")
        .run("app.DatagramApp", "socket", destination(), port()).assertOk();
    assertCameFrom(DatagramNamespaces.DANTED_EGRESS, "hello udp", run.require("reply"), run);
    assertTrue(run.stderr().contains("ignoring -Djdk.net.usePlainDatagramSocketImpl"), run.toString());
  }
}
