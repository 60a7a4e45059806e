package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.fail;

import dev.socksify.testkit.Lab;
import dev.socksify.testkit.peers.Dnsmasq;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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
  private final List<Process> processes = new ArrayList<>();
  private final List<AutoCloseable> resolvers = new ArrayList<>();
  private final List<String> namespaces = new ArrayList<>();
  private final Map<String, Integer> farPorts = new HashMap<>();
  private final Map<String, Integer> nearPorts = new HashMap<>();
  private Dnsmasq appDns;
  private Dnsmasq farDns;
  private int dantedPort;
  private int microsocksPort;
  private String hostName;

  private DnsLab(String suffix, Path dir) {
    this.app = "sfyda" + suffix;
    this.far = "sfydf" + suffix;
    this.dir = dir;
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
    return farPorts.get("peer-port");
  }

  int farWebPort() {
    return farPorts.get("web-port");
  }

  int nearPeerPort() {
    return nearPorts.get("peer-port");
  }

  int nearWebPort() {
    return nearPorts.get("web-port");
  }

  /** This host's name, which the app's dnsmasq resolves to {@link #NEAR}. */
  String hostName() {
    return hostName;
  }

  /** A file in the lab's directory, for configs. */
  Path write(String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void bringUp() {
    hostName = read(Path.of("/proc/sys/kernel/hostname")).trim();
    etcFiles(app, "127.0.0.1",
        "127.0.0.1 localhost\n::1 localhost ip6-localhost\n" + HOSTS_ONLY + " hosts-only.test\n");
    etcFiles(far, FAR_RESOLVER, "127.0.0.1 localhost\n");
    namespace(app);
    namespace(far);
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
      farDns = resolver(Dnsmasq.on(FAR_RESOLVER).netns(far).address("test", FAR).start(dir.resolve("far-dns")));
      appDns = resolver(Dnsmasq.on("127.0.0.1").netns(app)
          .hostRecord("direct.test", NEAR).hostRecord("mixed.test", NEAR).hostRecord(hostName, NEAR)
          .local("test").start(dir.resolve("app-dns")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    servers("far-servers", far, FAR, farPorts);
    servers("near-servers", app, NEAR, nearPorts);
    dantedPort = farPorts.get("free-port");
    Path dantedConfig = write("danted.conf", dantedConfig());
    spawn("danted", "ip", "netns", "exec", far, Lab.requireCommand("danted").toString(), "-f",
        dantedConfig.toString());
    microsocksPort = nearPorts.get("free-port");
    spawn("microsocks", "ip", "netns", "exec", app, Lab.requireCommand("microsocks").toString(), "-i", "127.0.0.1",
        "-p", Integer.toString(microsocksPort));
    awaitListening(DANTED, dantedPort);
    awaitListening("127.0.0.1", microsocksPort);
  }

  private <T extends AutoCloseable> T resolver(T dns) {
    resolvers.add(dns);
    return dns;
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
    run("ip", "netns", "add", name);
    namespaces.add(name);
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

  /** The peer and web servers bound to {@code address} inside {@code namespace}; their ports go into {@code ports}. */
  private void servers(String label, String namespace, String address, Map<String, Integer> ports) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process servers;
    try {
      servers = new ProcessBuilder("ip", "netns", "exec", namespace, java.toString(), "-cp",
          TestApps.classpathString(), "far.FarServers", address)
          .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(label + ".log").toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    processes.add(servers);
    BufferedReader out = new BufferedReader(new InputStreamReader(servers.getInputStream(), StandardCharsets.UTF_8));
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.equals("ready")) {
          return;
        }
        int eq = line.indexOf('=');
        if (eq > 0) {
          ports.put(line.substring(0, eq), Integer.parseInt(line.substring(eq + 1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    fail(label + " exited before they were ready; see " + dir.resolve(label + ".log"));
  }

  // A TCP connect from inside the app's namespace, as the app will make it.
  private void awaitListening(String host, int port) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!succeeds("ip", "netns", "exec", app, Lab.requireCommand("socat").toString(), "-u", "OPEN:/dev/null",
        "TCP:" + host + ":" + port + ",connect-timeout=1")) {
      if (System.nanoTime() > deadline) {
        fail(host + ":" + port + " did not accept connections from the app's namespace within 20 s\n" + logs());
      }
      sleep(100);
    }
  }

  private static void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    run(command.toArray(String[]::new));
  }

  private static boolean succeeds(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void spawn(String label, String... command) {
    try {
      processes.add(new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(label + ".log").toFile())).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every log of the lab (daemons, both resolvers), for a failure report. */
  String logs() {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
        out.append("---- ").append(log).append('\n').append(Files.readString(log));
      }
    } catch (IOException e) {
      out.append("<").append(e).append(">");
    }
    return out.toString();
  }

  /** Stops every process by its handle (last started first), then removes the namespaces and their /etc files. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
    for (int i = resolvers.size() - 1; i >= 0; i--) {
      try {
        resolvers.get(i).close();
      } catch (Exception e) {
        // stopping the others matters more
      }
    }
    resolvers.clear();
    for (String namespace : namespaces) {
      succeeds("ip", "netns", "del", namespace);
    }
    namespaces.clear();
    for (String namespace : List.of(app, far)) {
      deleteTree(Path.of("/etc/netns", namespace));
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
