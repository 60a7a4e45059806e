package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.fail;

import dev.socksify.testkit.Lab;
import dev.socksify.testkit.peers.Dnsmasq;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The world of the agent's UDP tests: two network namespaces the test creates (unique names per run), joined by a
 * veth pair and nothing else. UDP cannot cross the Unix-socket bridge the TCP tests use (every association's relay
 * port is new), so the app runs in a namespace too:
 *
 * <pre>
 *  near (the app)                                     far
 *  lo 127.0.0.1: danted A, ss-local,                  lo 10.78.0.2: UDP peer server, dnsmasq (the destinations)
 *                UDP peer server (loopback)           lo 10.78.0.12: danted B's egress, 10.78.0.13: ss-server's
 *  v0 10.77.0.1 (danted A's egress) ======== veth ==== v1 10.77.0.2: danted B, ss-server, microsocks
 * </pre>
 *
 * The near namespace has a route to 10.77.0.0/24 and none to 10.78.0.0/24, and the far one does not forward: a
 * datagram that left the app directly could not reach a destination ({@code Network is unreachable}), so an
 * answer proves the chain carried it, and its {@code peer=} names the last hop's egress.
 */
final class DatagramNamespaces implements AutoCloseable {
  /** The destinations' address, in the far namespace only. */
  static final String DESTINATION = "10.78.0.2";
  /** Where danted B sends from: what a destination sees when B was the last hop. */
  static final String DANTED_EGRESS = "10.78.0.12";
  /** Where ss-server sends from: what a destination sees when ss-local was the last hop. */
  static final String SS_EGRESS = "10.78.0.13";
  /** The far end of the veth: danted B, ss-server and microsocks listen here. */
  static final String FAR_LINK = "10.77.0.2";
  /** A name only the far dnsmasq knows, and its answer. */
  static final String DNS_NAME = "service.test";
  static final String DNS_ANSWER = "10.201.0.7";
  /** A name of {@link #DESTINATION} that only the far namespace's resolver (its dnsmasq) knows. */
  static final String DESTINATION_NAME = "udp.test";

  private static final String NEAR_LINK = "10.77.0.1";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String near;
  private final String far;
  private final Path dir;
  private final LabProcesses lab;
  private final Map<String, String> values = new HashMap<>();
  private Dnsmasq dnsmasq;
  private int dantedA;
  private int dantedB;
  private int ssLocal;
  private int microsocks;

  private DatagramNamespaces(String prefix, Path dir) {
    this.near = prefix + "n";
    this.far = prefix + "f";
    this.dir = dir;
    this.lab = new LabProcesses(dir);
  }

  static DatagramNamespaces start() {
    Lab.requireRoot("the agent's UDP tests run the app and the proxies in network namespaces of their own");
    for (String command : List.of("ip", "ss", "danted", "microsocks", "ss-local", "ss-server")) {
      Lab.requireCommand(command);
    }
    Lab.require("dnsmasq (Debian package dnsmasq)", Dnsmasq.binary().isPresent());
    DatagramNamespaces lab = new DatagramNamespaces(
        "sfyu" + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet(), Lab.tempDir("agent-udp"));
    try {
      lab.bringUp();
      return lab;
    } catch (RuntimeException | Error e) {
      lab.close();
      throw e;
    }
  }

  /** The namespace the app runs in. */
  String nearNamespace() {
    return near;
  }

  /** The far UDP peer server's port on {@link #DESTINATION}. */
  int udpPort() {
    return Integer.parseInt(values.get("far.udp-port"));
  }

  /** The port on {@link #DESTINATION} the far server answers {@code twice} from first. */
  int udpAltPort() {
    return Integer.parseInt(values.get("far.udp-alt-port"));
  }

  /** The far UDP peer server's port on {@link #FAR_LINK}, which the near namespace reaches directly. */
  int linkUdpPort() {
    return Integer.parseInt(values.get("far.udp-port@" + FAR_LINK));
  }

  /** The near UDP peer server's port on the near namespace's 127.0.0.1. */
  int nearUdpPort() {
    return Integer.parseInt(values.get("near.udp-port"));
  }

  /** danted A on the near loopback; connects out (TCP and UDP) from 10.77.0.1 to the far side. */
  String dantedA() {
    return "socks5://127.0.0.1:" + dantedA;
  }

  /** danted B across the veth; connects out from {@link #DANTED_EGRESS}. */
  String dantedB() {
    return "socks5://" + FAR_LINK + ":" + dantedB;
  }

  /** ss-local on the near loopback, with UDP relay ({@code -u}), its ss-server across the veth. */
  String ssLocal() {
    return "socks5://127.0.0.1:" + ssLocal;
  }

  /** microsocks across the veth: SOCKS5 without UDP ASSOCIATE. */
  String microsocks() {
    return "socks5://" + FAR_LINK + ":" + microsocks;
  }

  int microsocksPort() {
    return microsocks;
  }

  int ssLocalPort() {
    return ssLocal;
  }

  int dantedAPort() {
    return dantedA;
  }

  int dantedBPort() {
    return dantedB;
  }

  /** The far dnsmasq, which answers {@link #DNS_NAME} on {@link #DESTINATION}:53 and logs who asked. */
  Dnsmasq dnsmasq() {
    return dnsmasq;
  }

  /** A file in this lab's directory, e.g. a config for the agent. */
  Path write(String name, String content) {
    return lab.write(name, content);
  }

  private void bringUp() {
    lab.addNamespace(near);
    lab.addNamespace(far);
    run("ip", "-n", near, "link", "add", "v0", "type", "veth", "peer", "name", "v1", "netns", far);
    run("ip", "-n", near, "link", "set", "lo", "up");
    run("ip", "-n", near, "addr", "add", NEAR_LINK + "/24", "dev", "v0");
    run("ip", "-n", near, "link", "set", "v0", "up");
    run("ip", "-n", far, "link", "set", "lo", "up");
    for (String address : List.of(DESTINATION, DANTED_EGRESS, SS_EGRESS)) {
      run("ip", "-n", far, "addr", "add", address + "/32", "dev", "lo");
    }
    run("ip", "-n", far, "addr", "add", FAR_LINK + "/24", "dev", "v1");
    run("ip", "-n", far, "link", "set", "v1", "up");
    // ip netns exec bind-mounts /etc/netns/NAME/* over /etc/*: the far daemons ask the far dnsmasq
    try {
      Files.createDirectories(farEtc());
      Files.writeString(farEtc().resolve("resolv.conf"), "nameserver " + DESTINATION + "\noptions timeout:1\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    startUdpServers("far", far, 3, DESTINATION, FAR_LINK);
    startUdpServers("near", near, 2, "127.0.0.1");
    List<Integer> farPorts = ports("far");
    List<Integer> nearPorts = ports("near");
    dantedB = farPorts.get(0);
    int ssServer = farPorts.get(1);
    microsocks = farPorts.get(2);
    dantedA = nearPorts.get(0);
    ssLocal = nearPorts.get(1);

    spawn("danted-b", far, Lab.requireCommand("danted").toString(), "-f",
        write("danted-b.conf", dantedConfig("danted-b", FAR_LINK, dantedB, DANTED_EGRESS)).toString());
    spawn("danted-a", near, Lab.requireCommand("danted").toString(), "-f",
        write("danted-a.conf", dantedConfig("danted-a", "127.0.0.1", dantedA, NEAR_LINK)).toString());
    spawn("microsocks", far, Lab.requireCommand("microsocks").toString(), "-i", FAR_LINK, "-p",
        Integer.toString(microsocks));
    Path ssConfig = secret("ss.json");
    spawn("ss-server", far, Lab.requireCommand("ss-server").toString(), "-c", ssConfig.toString(), "-s", FAR_LINK,
        "-p", Integer.toString(ssServer), "-b", SS_EGRESS, "-u");
    spawn("ss-local", near, Lab.requireCommand("ss-local").toString(), "-c", ssConfig.toString(), "-s", FAR_LINK,
        "-p", Integer.toString(ssServer), "-b", "127.0.0.1", "-l", Integer.toString(ssLocal), "-u");
    awaitListening(far, dantedB);
    awaitListening(far, ssServer);
    awaitListening(far, microsocks);
    awaitListening(near, dantedA);
    awaitListening(near, ssLocal);
    try {
      dnsmasq = lab.track(Dnsmasq.on(DESTINATION).netns(far).address(DNS_NAME, DNS_ANSWER)
          .address(DESTINATION_NAME, DESTINATION).local("test").start(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path farEtc() {
    return Path.of("/etc/netns", far);
  }

  private List<Integer> ports(String side) {
    return List.of(values.get(side + ".free-ports").split(",")).stream().map(Integer::parseInt).toList();
  }

  private String dantedConfig(String name, String internal, int port, String external) {
    return "logoutput: " + dir.resolve(name + "-own.log") + "\n"
        + "internal: " + internal + " port = " + port + "\n"
        + "external: " + external + "\n"
        + "clientmethod: none\nsocksmethod: none\n"
        + "user.privileged: root\nuser.unprivileged: nobody\n"
        // Dante connects its outside UDP socket to the destination by default, so the kernel drops answers from
        // any other port; off, the tests see the agent itself keep a connected socket to its destination.
        + "udp.connectdst: no\n"
        // 0/0, not 0.0.0.0/0: the latter matches IPv4 only
        + "client pass {\n  from: 0/0 to: 0/0\n  log: error\n}\n"
        + "socks pass {\n  from: 0/0 to: 0/0\n  command: connect udpassociate udpreply\n  log: error\n}\n";
  }

  // The shadowsocks key lives in a file only root can read, never on a command line.
  private Path secret(String name) {
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    try {
      Path file = Files.createFile(dir.resolve(name),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      return Files.writeString(file, "{\"password\": \"" + Base64.getEncoder().encodeToString(key)
          + "\", \"method\": \"chacha20-ietf-poly1305\", \"timeout\": 60}\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startUdpServers(String side, String namespace, int freePorts, String... binds) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, java.toString(), "-cp",
        TestApps.classpathString(), "far.UdpServers", Integer.toString(freePorts)));
    command.addAll(List.of(binds));
    lab.spawnUntilReady(side + "-udp-servers", command.toArray(String[]::new))
        .forEach((key, value) -> values.put(side + "." + key, value));
  }

  // A daemon is up once the namespace has a TCP listener on its port; bounded, like every wait here.
  private void awaitListening(String namespace, int port) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!LabProcesses.run("ip", "netns", "exec", namespace, "ss", "-Hltn", "sport = :" + port).isBlank()) {
        return;
      }
      LabProcesses.sleep(50);
    }
    fail("nothing listens on port " + port + " in " + namespace + " after 20 s; see " + dir + "\n" + logs());
  }

  private void spawn(String label, String namespace, String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(List.of(command));
    lab.spawn(label, full.toArray(String[]::new));
  }

  private static void run(String... command) {
    LabProcesses.run(command);
  }

  /** Keeps the lab's configs and logs on disk after {@link #close()} (a test failed). */
  void keepFiles() {
    lab.keepFiles();
  }

  /** Every log of this lab, for a failure report. */
  String logs() {
    return lab.logs();
  }

  /**
   * Stops every process by its handle, last started first, then removes both namespaces (and the veth) and the far
   * namespace's resolver file. The directory with configs and logs stays for a failure report ({@link #logs()}).
   */
  @Override
  public void close() {
    lab.close();
  }
}
