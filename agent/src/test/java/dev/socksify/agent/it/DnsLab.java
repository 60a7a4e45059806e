package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.fail;

import dev.socksify.testkit.Lab;
import dev.socksify.testkit.peers.Dnsmasq;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two network namespaces for the remote DNS tests (unique names per run), joined by a veth pair and nothing else:
 *
 * <pre>
 *  app namespace                                      far namespace
 *  ─────────────                                      ─────────────
 *  the app's JVM (ip netns exec)                      danted 10.79.9.2 (egress 10.79.0.12)
 *  /etc/resolv.conf -> dnsmasq 127.0.0.1:53  (logs)   /etc/resolv.conf -> dnsmasq 10.79.0.53:53 (logs)
 *    knows direct.test, mixed.test, this host           knows every *.test as 10.79.0.2
 *  /etc/hosts: localhost, hosts-only.test             servers on 10.79.0.2 (peer, web)
 *  microsocks 127.0.0.1 (hop 1)
 *  servers on 10.79.1.2 (reached directly)
 *  veth 10.79.9.1/30  ───────────────────────────────  veth 10.79.9.2/30
 * </pre>
 *
 * The app's namespace has no route to 10.79.0.0/24: the far servers are reached only through danted, which resolves
 * names with its own namespace's dnsmasq. The app's dnsmasq logs every query it gets, so a test can count the queries
 * for a name (zero for names the chain resolves).
 */
final class DnsLab implements AutoCloseable {
  /** Where the far servers listen; every {@code *.test} name resolves to it on the far side. */
  static final String FAR = "10.79.0.2";
  /** danted's outbound address: what the far servers see when the chain carried a connection. */
  static final String EGRESS = "10.79.0.12";
  /** Where the near servers listen, in the app's namespace; the app's dnsmasq resolves direct names to it. */
  static final String NEAR = "10.79.1.2";
  /** The address of {@code hosts-only.test} in the app's /etc/hosts (and nowhere else). */
  static final String HOSTS_ONLY = "10.79.1.3";
  static final String DANTED = "10.79.9.2";
  /** The far side's resolver (danted's, and the one {@code forward} DNS is sent to through the chain). */
  static final String FAR_RESOLVER = "10.79.0.53";

  private static final String APP_VETH = "10.79.9.1";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String app;
  private final String far;
  private final Path dir;
  private final LabProcesses lab;
  private Map<String, String> farPorts = Map.of();
  private Map<String, String> nearPorts = Map.of();
  private Dnsmasq appDns;
  private Dnsmasq farDns;
  private int dantedPort;
  private int microsocksPort;
  private String hostName;

  private DnsLab(String suffix, Path dir) {
    this.app = "sfyda" + suffix;
    this.far = "sfydf" + suffix;
    this.dir = dir;
    this.lab = new LabProcesses(dir);
  }

  static DnsLab start() {
    Lab.requireRoot("the remote DNS tests run the app in a network namespace with its own resolver");
    Lab.requireCommand("ip");
    Lab.requireCommand("socat");
    Lab.requireCommand("danted");
    Lab.requireCommand("microsocks");
    Lab.require("command 'dnsmasq' (Debian package dnsmasq)", Dnsmasq.binary().isPresent());
    DnsLab lab = new DnsLab(ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet(), Lab.tempDir("agent-dns"));
    try {
      lab.bringUp();
      return lab;
    } catch (RuntimeException | Error e) {
      lab.close();
      throw e;
    }
  }

  /** The app's namespace, for {@link AgentJvm#inNamespace}. */
  String appNamespace() {
    return app;
  }

  /** The resolver the app's namespace uses: its log is the proof. */
  Dnsmasq appDns() {
    return appDns;
  }

  /** The last hop's resolver. */
  Dnsmasq farDns() {
    return farDns;
  }

  /** Hop 1, microsocks, in the app's namespace. */
  int microsocksPort() {
    return microsocksPort;
  }

  /** The last hop, danted, on {@link #DANTED}. */
  int dantedPort() {
    return dantedPort;
  }

  int farPeerPort() {
    return Integer.parseInt(farPorts.get("peer-port"));
  }

  int farWebPort() {
    return Integer.parseInt(farPorts.get("web-port"));
  }

  int nearPeerPort() {
    return Integer.parseInt(nearPorts.get("peer-port"));
  }

  int nearWebPort() {
    return Integer.parseInt(nearPorts.get("web-port"));
  }

  /** This host's name, which the app's dnsmasq resolves to {@link #NEAR}. */
  String hostName() {
    return hostName;
  }

  /** A file in the lab's directory, for configs. */
  Path write(String name, String content) {
    return lab.write(name, content);
  }

  private void bringUp() {
    hostName = read(Path.of("/proc/sys/kernel/hostname")).trim();
    namespace(app);
    namespace(far);
    etcFiles(app, "127.0.0.1",
        "127.0.0.1 localhost\n::1 localhost ip6-localhost\n" + HOSTS_ONLY + " hosts-only.test\n");
    etcFiles(far, FAR_RESOLVER, "127.0.0.1 localhost\n");
    ip("-n", app, "link", "add", "vapp", "type", "veth", "peer", "name", "vfar", "netns", far);
    ip("-n", app, "addr", "add", APP_VETH + "/30", "dev", "vapp");
    ip("-n", app, "link", "set", "vapp", "up");
    ip("-n", far, "addr", "add", DANTED + "/30", "dev", "vfar");
    ip("-n", far, "link", "set", "vfar", "up");
    ip("-n", app, "addr", "add", NEAR + "/32", "dev", "lo");
    ip("-n", app, "addr", "add", HOSTS_ONLY + "/32", "dev", "lo");
    ip("-n", far, "addr", "add", FAR + "/32", "dev", "lo");
    ip("-n", far, "addr", "add", EGRESS + "/32", "dev", "lo");
    ip("-n", far, "addr", "add", FAR_RESOLVER + "/32", "dev", "lo");
    try {
      farDns = lab.track(Dnsmasq.on(FAR_RESOLVER).netns(far).address("test", FAR).start(dir.resolve("far-dns")));
      appDns = lab.track(Dnsmasq.on("127.0.0.1").netns(app)
          .hostRecord("direct.test", NEAR).hostRecord("mixed.test", NEAR).hostRecord(hostName, NEAR)
          .local("test").start(dir.resolve("app-dns")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    farPorts = servers("far-servers", far, FAR);
    nearPorts = servers("near-servers", app, NEAR);
    dantedPort = Integer.parseInt(farPorts.get("free-port"));
    Path dantedConfig = write("danted.conf", dantedConfig());
    lab.spawn("danted", "ip", "netns", "exec", far, Lab.requireCommand("danted").toString(), "-f",
        dantedConfig.toString());
    microsocksPort = Integer.parseInt(nearPorts.get("free-port"));
    lab.spawn("microsocks", "ip", "netns", "exec", app, Lab.requireCommand("microsocks").toString(), "-i", "127.0.0.1",
        "-p", Integer.toString(microsocksPort));
    awaitListening(DANTED, dantedPort);
    awaitListening("127.0.0.1", microsocksPort);
  }

  // ip netns exec bind-mounts /etc/netns/NAME/* over /etc/*: the namespace's own resolver and hosts file
  private void etcFiles(String namespace, String nameserver, String hosts) {
    Path etc = Path.of("/etc/netns", namespace);
    try {
      Files.createDirectories(etc);
      Files.writeString(etc.resolve("resolv.conf"), "nameserver " + nameserver + "\noptions timeout:1 attempts:1\n");
      Files.writeString(etc.resolve("hosts"), hosts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void namespace(String name) {
    lab.addNamespace(name);
    ip("-n", name, "link", "set", "lo", "up");
  }

  private String dantedConfig() {
    return "logoutput: " + dir.resolve("danted-own.log") + "\n"
        + "internal: " + DANTED + " port = " + dantedPort + "\n"
        + "external: " + EGRESS + "\n"
        + "clientmethod: none\nsocksmethod: none\n"
        + "user.privileged: root\nuser.unprivileged: nobody\n"
        + "client pass {\n  from: 0/0 to: 0/0\n  log: error\n}\n"
        + "socks pass {\n  from: 0/0 to: 0/0\n  command: connect\n  log: error connect\n}\n";
  }

  /** The peer and web servers bound to {@code address} inside {@code namespace}, and their ports. */
  private Map<String, String> servers(String label, String namespace, String address) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return lab.spawnUntilReady(label, "ip", "netns", "exec", namespace, java.toString(), "-cp",
        TestApps.classpathString(), "far.FarServers", address);
  }

  // A TCP connect from inside the app's namespace, as the app will make it.
  private void awaitListening(String host, int port) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!LabProcesses.succeeds("ip", "netns", "exec", app, Lab.requireCommand("socat").toString(), "-u", "OPEN:/dev/null",
        "TCP:" + host + ":" + port + ",connect-timeout=1")) {
      if (System.nanoTime() > deadline) {
        fail(host + ":" + port + " did not accept connections from the app's namespace within 20 s\n" + logs());
      }
      LabProcesses.sleep(100);
    }
  }

  private static void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    LabProcesses.run(command.toArray(String[]::new));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Keeps the lab's configs and logs on disk after {@link #close()} (a test failed). */
  void keepFiles() {
    lab.keepFiles();
  }

  /** Every log of the lab (daemons, both resolvers), for a failure report. */
  String logs() {
    return lab.logs();
  }

  /** Stops every process by its handle (last started first), then removes the namespaces and their /etc files. */
  @Override
  public void close() {
    lab.close();
  }
}
