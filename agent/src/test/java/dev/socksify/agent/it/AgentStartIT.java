package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.testkit.PeerEchoServer;
import dev.socksify.testkit.peers.Microsocks;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How the agent starts: where its configuration comes from, what it says when there is none or it is wrong, the
 * self-check failing closed, loopback staying direct, and passwords never reaching its log.
 */
class AgentStartIT extends ChainLab {
  private static final String PASSWORD = "s3cret-Pw";
  private static Microsocks microsocks;
  private static PeerEchoServer loopbackDestination;

  @BeforeAll
  static void peers() throws IOException {
    far();
    microsocks = PEERS.microsocks("127.0.0.23", "alice", PASSWORD);
    loopbackDestination = new PeerEchoServer(InetAddress.getByName("127.0.0.5"));
  }

  @AfterAll
  static void stopDestination() {
    loopbackDestination.close();
  }

  private static String chain() {
    return microsocks.url(true) + "," + far.lastHopUrl();
  }

  /** SocketApp's arguments for the far destination. */
  private static String[] farArgs() {
    return new String[] {FarSide.DESTINATION, Integer.toString(far.peerPort()), "10000"};
  }

  @Test
  void withoutConfigurationItSaysSoOnceAndDoesNothing() {
    AppRun run = AgentJvm.on(Jdk.JDK17).agent(null)
        .run("app.SocketApp", "127.0.0.5", Integer.toString(loopbackDestination.port()), "10000").assertOk();
    assertTrue(run.require("greeting").startsWith("peer=127.0.0.1:"), "reached directly\n" + run);
    List<String> lines = run.stderr().lines().toList();
    assertEquals(1, lines.size(), run.toString());
    assertTrue(lines.get(0).startsWith("socksify: no proxy configured"), run.toString());
  }

  @Test
  void theEnvironmentVariableConfiguresIt() {
    AppRun run = AgentJvm.on(Jdk.JDK17).agent(null).environment("SOCKSIFY_CONFIG", chain())
        .run("app.SocketApp", farArgs()).assertOk().assertQuiet();
    assertStreamWorks(run);
  }

  @Test
  void aProxychainsConfFileConfiguresIt() throws IOException {
    Path conf = IntegrationDirs.work().resolve("proxychains-" + ProcessHandle.current().pid() + ".conf");
    String[] last = far.lastHopUrl().substring("socks5://".length()).split(":");
    Files.writeString(conf, "strict_chain\ntcp_connect_time_out 8000\n[ProxyList]\n"
        + "socks5 127.0.0.1 " + microsocks.port() + " alice " + PASSWORD + "\n"
        + "socks5 " + last[0] + " " + last[1] + "\n");
    AppRun run = AgentJvm.on(Jdk.JDK17).agent(conf.toString()).run("app.SocketApp", farArgs()).assertOk()
        .assertQuiet();
    assertStreamWorks(run);
  }

  @Test
  void aWrongConfigurationFailsClosedWithTheReason() {
    AppRun run = AgentJvm.on(Jdk.JDK17).agent("socks5://127.0.0.1:99999").run("app.SocketApp", farArgs())
        .assertFailedWith(ConnectException.class);
    assertTrue(run.require("error").contains("port 99999"), "the app's exception names the problem\n" + run);
    assertTrue(run.stderr().contains("port 99999"), "so does the start-up message\n" + run);
  }

  @Test
  void loopbackGoesDirectEvenWhenTheChainIsDown() {
    AppRun run = AgentJvm.on(Jdk.JDK17).agent("socks5://192.0.2.1:1080").debug()
        .run("app.SocketApp", "127.0.0.5", Integer.toString(loopbackDestination.port()), "10000").assertOk();
    assertTrue(run.require("greeting").startsWith("peer=127.0.0.1:"), run.toString());
    assertTrue(run.stderr().contains("direct ("), "the debug log says it went direct\n" + run);
  }

  @Test
  void aMissingHookFailsClosed() {
    AppRun run = AgentJvm.on(Jdk.JDK17).agent(chain()).option("-Dsocksify.internal.skipHooks=NioSocketImpl")
        .run("app.SocketApp", farArgs()).assertFailedWith(ConnectException.class);
    assertTrue(run.require("error").contains("NioSocketImpl.connect"), "names the missing hook\n" + run);
    assertTrue(run.stderr().contains("these hooks are not applied: sun.nio.ch.NioSocketImpl.connect"),
        run.toString());
  }

  @Test
  void aMissingHookWithFailClosedOffKeepsTheOtherHooks() {
    AppRun run = AgentJvm.on(Jdk.JDK17).agent(chain()).option("-Dsocksify.internal.skipHooks=NioSocketImpl")
        .option("-Dsocksify.failClosed=false").run("app.SocketApp", farArgs()).assertOk();
    // Net.connect still catches the connect, so it still takes the chain
    assertStreamWorks(run);
    assertTrue(run.stderr().contains("Fail-closed is off"), run.toString());
  }

  @Test
  void withoutNetConnectTheEntryPointsRefuse() {
    AppRun run = AgentJvm.on(Jdk.JDK17).agent(chain()).option("-Dsocksify.internal.skipHooks=Net.connect")
        .run("app.SocketApp", farArgs()).assertFailedWith(ConnectException.class);
    assertTrue(run.require("error").contains("sun.nio.ch.Net.connect"), run.toString());
  }

  @Test
  void theLegacySocketImplOfJdk17IsKeptOff() {
    AppRun run = AgentJvm.on(Jdk.JDK17).agent(chain()).option("-Djdk.net.usePlainSocketImpl=true")
        .run("app.SocketApp", farArgs()).assertOk();
    assertStreamWorks(run);
    assertTrue(run.stderr().contains("ignoring -Djdk.net.usePlainSocketImpl"), run.toString());
  }

  @Test
  void theDebugLogNeverShowsAPassword() {
    AppRun run = AgentJvm.on(Jdk.JDK17).agent(chain()).debug().run("app.SocketApp", farArgs()).assertOk();
    assertStreamWorks(run);
    assertTrue(run.stderr().contains("via socks5 127.0.0.1:" + microsocks.port()), run.toString());
    assertFalse(run.stderr().contains(PASSWORD), "no password in the log\n" + run.stderr());
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aWarmStartReplaysTheHookCacheWithoutLoadingByteBuddy(Jdk jdk) throws IOException {
    Path cache = Files.createTempDirectory(IntegrationDirs.work(), "hook-cache-");
    Path classes = cache.resolve("classes.log");
    AppRun cold = AgentJvm.on(jdk).agent(chain()).option("-Dsocksify.hookCache=" + cache)
        .option("-Xlog:class+load:file=" + classes).run("app.SocketApp", farArgs()).assertOk().assertQuiet();
    assertStreamWorks(cold);
    assertTrue(Files.readString(classes).contains("dev.socksify.shaded.net.bytebuddy.agent.builder.AgentBuilder"),
        "a cold start advises with Byte Buddy");
    AppRun warm = AgentJvm.on(jdk).agent(chain()).option("-Dsocksify.hookCache=" + cache)
        .option("-Xlog:class+load:file=" + classes).run("app.SocketApp", farArgs()).assertOk().assertQuiet();
    assertStreamWorks(warm);
    assertFalse(Files.readString(classes).contains("dev.socksify.shaded.net.bytebuddy"),
        "a warm start replays the cache and loads no Byte Buddy class");
  }

  @Test
  void aCorruptedCacheEntryIsIgnored() throws IOException {
    Path cache = Files.createTempDirectory(IntegrationDirs.work(), "hook-cache-");
    AgentJvm.on(Jdk.JDK17).agent(chain()).option("-Dsocksify.hookCache=" + cache).run("app.SocketApp", farArgs())
        .assertOk();
    List<Path> entries;
    try (var files = Files.walk(cache)) {
      entries = files.filter(p -> p.toString().endsWith(".class")).toList();
    }
    assertEquals(4, entries.size(), "one entry per hooked JDK class: " + entries);
    for (Path entry : entries) {
      byte[] bytes = Files.readAllBytes(entry);
      bytes[bytes.length / 2] ^= 0x5a;
      Files.write(entry, bytes);
    }
    AppRun run = AgentJvm.on(Jdk.JDK17).agent(chain()).option("-Dsocksify.hookCache=" + cache)
        .run("app.SocketApp", farArgs()).assertOk().assertQuiet();
    assertStreamWorks(run);
  }

  @Test
  void anAppWithItsOwnByteBuddyRunsUnchanged() {
    AppRun run = AgentJvm.on(Jdk.JDK17).agent(chain())
        .run("app.ByteBuddyApp", FarSide.DESTINATION, Integer.toString(far.peerPort()), "10000").assertOk();
    assertEquals("made by the app's own Byte Buddy", run.require("generated"), run.toString());
    assertStreamWorks(run);
  }
}
