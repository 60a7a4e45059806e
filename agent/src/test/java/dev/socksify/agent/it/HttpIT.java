package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.socksify.testkit.peers.Danted;
import dev.socksify.testkit.peers.SshDynamic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDK's HTTP clients under the agent, through ssh -D, a danted on loopback and the far side's danted:
 * HttpURLConnection (a blocking Socket) and java.net.http.HttpClient (non-blocking channels, so the relay) with
 * HTTP/1.1 and HTTP/2, in cleartext (h2c by upgrade) and over TLS (h2 by ALPN).
 */
class HttpIT extends ChainLab {
  private static String chain;

  @BeforeAll
  static void chain() {
    FarSide far = far();
    SshDynamic ssh = PEERS.sshDynamic();
    Danted danted = PEERS.danted("127.0.0.13");
    chain = String.join(",", ssh.url(true), danted.url(true), far.lastHopUrl());
  }

  private static String url(String scheme, int port) {
    return scheme + "://" + destination(port) + "/peer";
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void httpUrlConnection(Jdk jdk) {
    AppRun run = AgentJvm.on(jdk).agent(chain).run("app.HttpUrlApp", url("http", far.webPort())).assertOk()
        .assertQuiet();
    assertEquals("200", run.require("status"), run.toString());
    assertCameThroughChain(run.require("body"), run);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void httpClientHttp11(Jdk jdk) {
    AppRun run = AgentJvm.on(jdk).agent(chain)
        .run("app.HttpClientApp", "1.1", url("http", far.webPort())).assertOk().assertQuiet();
    assertEquals("HTTP_1_1", run.require("version"), run.toString());
    assertCameThroughChain(run.require("body"), run);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void httpClientH2cByUpgrade(Jdk jdk) {
    AppRun run = AgentJvm.on(jdk).agent(chain)
        .run("app.HttpClientApp", "2", url("http", far.webPort())).assertOk();
    assertEquals("HTTP_2", run.require("version"), run.toString());
    assertCameThroughChain(run.require("body"), run);
    assertEquals(true, run.require("body").endsWith("proto=h2c"), run.toString());
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void httpClientHttp11OverTls(Jdk jdk) {
    AgentJvm jvm = AgentJvm.on(jdk).agent(chain);
    far.trustOptions().forEach(jvm::option);
    AppRun run = jvm.run("app.HttpClientApp", "1.1", url("https", far.tlsPort())).assertOk();
    assertEquals("HTTP_1_1", run.require("version"), run.toString());
    assertCameThroughChain(run.require("body"), run);
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void httpClientH2OverTls(Jdk jdk) {
    AgentJvm jvm = AgentJvm.on(jdk).agent(chain);
    far.trustOptions().forEach(jvm::option);
    AppRun run = jvm.run("app.HttpClientApp", "2", url("https", far.tlsPort())).assertOk().assertQuiet();
    assertEquals("HTTP_2", run.require("version"), run.toString());
    assertCameThroughChain(run.require("body"), run);
    assertEquals(true, run.require("body").endsWith("proto=h2"), run.toString());
  }
}
