package dev.socksify.chain.udp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Interim launcher for the real proxies the UDP tests need (danted, microsocks, ss-local + ss-server), until
 * the lab helper's {@code dev.socksify.testkit.peers} land on main. Loopback only, ports chosen at runtime,
 * processes stopped by PID in {@link #close()}.
 */
final class LocalPeer implements AutoCloseable {
  private final String name;
  private final int port;
  private final List<Process> processes;
  private final Path dir;

  private LocalPeer(String name, int port, List<Process> processes, Path dir) {
    this.name = name;
    this.port = port;
    this.processes = processes;
    this.dir = dir;
  }

  /** Fails (socksify.lab.required=true) or skips unless {@code command} is installed. */
  static String require(String command) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin", "/usr/local/sbin")) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    String what = "lab prerequisite missing: command '" + command + "'";
    if (Boolean.getBoolean("socksify.lab.required")) {
      Assertions.fail(what + " (socksify.lab.required=true)");
    }
    Assumptions.abort("skipped, " + what);
    throw new AssertionError("unreachable");
  }

  static LocalPeer danted(String egress) throws IOException {
    String danted = require("danted");
    Path dir = Files.createTempDirectory("socksify-udp-danted-");
    int port = freePort();
    Path config = dir.resolve("danted.conf");
    Files.writeString(config, "logoutput: " + dir.resolve("danted.log") + "\n"
        + "internal: 127.0.0.1 port = " + port + "\n"
        + "external: " + egress + "\n"
        + "clientmethod: none\nsocksmethod: none\n"
        + ("root".equals(System.getProperty("user.name")) ? "user.privileged: root\nuser.unprivileged: nobody\n" : "")
        + "client pass {\n  from: 0/0 to: 0/0\n  log: error\n}\n"
        + "socks pass {\n  from: 0/0 to: 0/0\n  command: bind connect udpassociate bindreply udpreply\n"
        + "  log: error connect disconnect\n}\n");
    // Foreground: the PID held is the mother process, which takes its children down on SIGTERM.
    return started("danted " + egress, port, dir, List.of(List.of(danted, "-f", config.toString())));
  }

  static LocalPeer microsocks(String egress) throws IOException {
    String microsocks = require("microsocks");
    Path dir = Files.createTempDirectory("socksify-udp-microsocks-");
    int port = freePort();
    return started("microsocks", port, dir,
        List.of(List.of(microsocks, "-i", "127.0.0.1", "-p", Integer.toString(port), "-b", egress)));
  }

  static LocalPeer shadowsocks(String egress) throws IOException {
    String server = require("ss-server");
    String local = require("ss-local");
    Path dir = Files.createTempDirectory("socksify-udp-ss-");
    Path config = dir.resolve("ss.json");
    // The shared key lives in a file, never on a command line.
    Files.writeString(config, "{\"password\": \"udp-test-" + ProcessHandle.current().pid() + "\", "
        + "\"method\": \"chacha20-ietf-poly1305\", \"timeout\": 60}\n");
    int serverPort = freePort();
    int port = freePort();
    return started("ss-local", port, dir, List.of(
        List.of(server, "-c", config.toString(), "-s", "127.0.0.1", "-p", Integer.toString(serverPort), "-b", egress,
            "-u"),
        List.of(local, "-c", config.toString(), "-s", "127.0.0.1", "-p", Integer.toString(serverPort), "-b",
            "127.0.0.1", "-l", Integer.toString(port), "-u")), serverPort);
  }

  private static LocalPeer started(String name, int port, Path dir, List<List<String>> commands, int... alsoWait)
      throws IOException {
    List<Process> processes = new ArrayList<>();
    LocalPeer peer = new LocalPeer(name, port, processes, dir);
    try {
      for (int i = 0; i < commands.size(); i++) {
        processes.add(new ProcessBuilder(commands.get(i)).redirectErrorStream(true)
            .redirectOutput(dir.resolve("process-" + i + ".log").toFile()).start());
        awaitPort(i < alsoWait.length ? alsoWait[i] : port, processes.get(i), name, dir);
      }
      return peer;
    } catch (IOException | RuntimeException | Error e) {
      peer.close();
      throw e;
    }
  }

  private static void awaitPort(int port, Process process, String name, Path dir) throws IOException {
    for (int attempt = 0; attempt < 400; attempt++) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + "; logs in " + dir);
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IOException(name + " did not open port " + port + "; logs in " + dir);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  int port() {
    return port;
  }

  Path dir() {
    return dir;
  }

  /**
   * Stops every process and its children by PID. danted's io-children outlive their mother while they still
   * serve a session, so they are collected before the mother goes (after that they belong to init).
   */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      List<ProcessHandle> children = process.descendants().toList();
      stop(process.toHandle());
      children.forEach(LocalPeer::stop);
    }
  }

  private static void stop(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " 127.0.0.1:" + port;
  }
}
