package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.fail;

import dev.socksify.testkit.Lab;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The far end of every agent test, in a network namespace the test creates (unique name per run): the destination
 * servers on {@link #DESTINATION}, and the chain's last hop, a danted whose outbound address is {@link #EGRESS}.
 * The test JVM and the app stay in the host namespace, which has no address in 10.78.0.0/24 and no route there
 * but its default one, so a connection that leaked past the chain could never reach the destination; a destination
 * that answers proves the chain carried it. The last hop is reachable from the host namespace only through a
 * loopback port bridged by socat over a Unix socket (file systems are shared between namespaces), so the host
 * namespace gets no address or route of its own.
 */
final class FarSide implements AutoCloseable {
  /** Where the destination servers listen. */
  static final String DESTINATION = "10.78.0.2";
  /** The last hop's outbound address: what the destination sees when the chain carried the connection. */
  static final String EGRESS = "10.78.0.12";
  /** An address whose incoming packets are dropped: connects to it hang. */
  static final String BLACKHOLE = "10.78.0.99";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String PASSWORD = "far-side-test";

  private final String namespace;
  private final Path dir;
  private final LabProcesses lab;
  private Map<String, String> ports = Map.of();
  private int lastHopPort;
  private Path trustStore;

  private FarSide(String namespace, Path dir) {
    this.namespace = namespace;
    this.dir = dir;
    this.lab = new LabProcesses(dir);
  }

  static FarSide start() {
    Lab.requireRoot("the agent tests put the destination into a network namespace of their own");
    Lab.requireCommand("ip");
    Lab.requireCommand("socat");
    Lab.requireCommand("danted");
    Lab.requireCommand("iptables");
    FarSide far = new FarSide("sfya" + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet(),
        Lab.tempDir("agent-far"));
    try {
      far.bringUp();
      return far;
    } catch (RuntimeException | Error e) {
      far.close();
      throw e;
    }
  }

  /** The last hop as a proxy URL for the chain: a SOCKS5 danted, reached through the bridge. */
  String lastHopUrl() {
    return "socks5://127.0.0.1:" + lastHopPort;
  }

  int peerPort() {
    return port("peer-port");
  }

  int webPort() {
    return port("web-port");
  }

  int tlsPort() {
    return port("tls-port");
  }

  /** A port on {@link #DESTINATION} where nothing listens: the last hop's connect is refused. */
  int closedPort() {
    return port("closed-port");
  }

  private int port(String key) {
    return Integer.parseInt(ports.get(key));
  }

  /** JVM options that make an app trust the TLS server's self-signed certificate. */
  List<String> trustOptions() {
    return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
        "-Djavax.net.ssl.trustStoreType=PKCS12");
  }

  private void bringUp() {
    lab.addNamespace(namespace);
    inNamespace("ip", "link", "set", "lo", "up");
    inNamespace("ip", "addr", "add", DESTINATION + "/32", "dev", "lo");
    inNamespace("ip", "addr", "add", EGRESS + "/32", "dev", "lo");
    inNamespace("ip", "addr", "add", BLACKHOLE + "/32", "dev", "lo");
    // dropped on input, the SYN is silently lost and the connect hangs (dropped on output it would fail at once)
    LabProcesses.run("ip", "netns", "exec", namespace, Lab.requireCommand("iptables").toString(), "-A", "INPUT",
        "-d", BLACKHOLE, "-p", "tcp", "-j", "DROP");
    Path keyStore = keyStore();
    startFarServers(keyStore);
    Path dantedConfig = lab.write("danted.conf", dantedConfig(port("free-port")));
    lab.spawn("danted", "ip", "netns", "exec", namespace, Lab.requireCommand("danted").toString(), "-f",
        dantedConfig.toString());
    Path socket = dir.resolve("last-hop.sock");
    lab.spawn("socat-far", "ip", "netns", "exec", namespace, Lab.requireCommand("socat").toString(),
        "UNIX-LISTEN:" + socket + ",fork", "TCP:127.0.0.1:" + port("free-port"));
    lastHopPort = Lab.freePort();
    lab.spawn("socat-near", Lab.requireCommand("socat").toString(),
        "TCP-LISTEN:" + lastHopPort + ",bind=127.0.0.1,reuseaddr,fork", "UNIX-CONNECT:" + socket);
    awaitSocks5Greeting();
  }

  private Path keyStore() {
    Path keyStore = dir.resolve("far.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    LabProcesses.run(keytool.toString(), "-genkeypair", "-alias", "far", "-keyalg", "RSA", "-keysize", "2048",
        "-validity", "2", "-dname", "CN=far", "-ext", "san=ip:" + DESTINATION, "-keystore", keyStore.toString(),
        "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        keys.load(in, PASSWORD.toCharArray());
      }
      Certificate certificate = keys.getCertificate("far");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("far", certificate);
      trustStore = dir.resolve("trust.p12");
      try (OutputStream out = Files.newOutputStream(trustStore)) {
        trust.store(out, PASSWORD.toCharArray());
      }
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the trust store", e);
    }
    return keyStore;
  }

  private void startFarServers(Path keyStore) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ports = lab.spawnUntilReady("far-servers", "ip", "netns", "exec", namespace, java.toString(), "-cp",
        TestApps.classpathString(), "far.FarServers", DESTINATION, keyStore.toString(), PASSWORD);
  }

  private String dantedConfig(int port) {
    return "logoutput: " + dir.resolve("danted-own.log") + "\n"
        + "internal: 127.0.0.1 port = " + port + "\n"
        + "external: " + EGRESS + "\n"
        + "clientmethod: none\nsocksmethod: none\n"
        + "user.privileged: root\nuser.unprivileged: nobody\n"
        + "client pass {\n  from: 0/0 to: 0/0\n  log: error\n}\n"
        + "socks pass {\n  from: 0/0 to: 0/0\n  command: connect\n  log: error connect\n}\n";
  }

  // The whole path (bridge, both socats, danted) is up once a SOCKS5 greeting through it gets its answer.
  private void awaitSocks5Greeting() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", lastHopPort), 1000);
        probe.setSoTimeout(1000);
        probe.getOutputStream().write(new byte[] {5, 1, 0});
        InputStream in = probe.getInputStream();
        if (in.read() == 5 && in.read() == 0) {
          return;
        }
      } catch (IOException notYet) {
        // retried until the deadline
      }
      if (System.nanoTime() > deadline) {
        fail("the far side's danted did not answer through the bridge within 20 s; see " + dir);
      }
      LabProcesses.sleep(100);
    }
  }

  private void inNamespace(String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "-n", namespace));
    full.addAll(List.of(command).subList(1, command.length));
    LabProcesses.run(full.toArray(String[]::new));
  }

  /** The far side's logs, for a failure report. */
  String logs() {
    return lab.logs();
  }

  /** Keeps the directory with the far side's configs and logs after {@link #close()} (a test failed). */
  void keepFiles() {
    lab.keepFiles();
  }

  /** Stops every process by its handle (last started first), then removes the namespace and, unless kept, files. */
  @Override
  public void close() {
    lab.close();
  }
}
