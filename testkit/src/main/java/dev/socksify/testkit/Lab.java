package dev.socksify.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Prerequisites of tests that need more than the JDK (root, a Debian package, a second JDK), and the small
 * helpers every lab test uses: free ports and a fresh directory per peer.
 *
 * <p>A missing prerequisite is a skip naming what is missing, except when the system property
 * {@code socksify.lab.required=true} is set ({@code scripts/test} sets it): then it is a failure, so a CI run
 * can never pass by skipping the tests that matter.
 */
public final class Lab {
  /** The system property that turns missing prerequisites from skips into failures. */
  public static final String REQUIRED_PROPERTY = "socksify.lab.required";

  /** Where Debian keeps daemons; test JVMs often run with a PATH that lacks them. */
  private static final List<String> EXTRA_PATH = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

  private Lab() {}

  /** Whether missing prerequisites fail (CI, {@code scripts/test}) instead of skipping. */
  public static boolean required() {
    return Boolean.getBoolean(REQUIRED_PROPERTY);
  }

  /**
   * Fails (when required) or skips the current test unless {@code available}.
   *
   * @param what what the test needs, in words a user can act on, e.g. {@code "root (sshd needs it)"}
   */
  public static void require(String what, boolean available) {
    if (available) {
      return;
    }
    if (required()) {
      Assertions.fail("lab prerequisite missing: " + what + " (" + REQUIRED_PROPERTY + "=true)");
    }
    Assumptions.abort("skipped, lab prerequisite missing: " + what
        + " (run scripts/test as root, or set -D" + REQUIRED_PROPERTY + "=true to make this a failure)");
  }

  /** Requires an executable on the PATH (or in the sbin directories) and returns its absolute path. */
  public static Path requireCommand(String command) {
    Optional<Path> found = findCommand(command);
    require("command '" + command + "' (" + packageHint(command) + ")", found.isPresent());
    return found.orElseThrow();
  }

  /** Requires that the test JVM runs as root (uid 0). */
  public static void requireRoot(String why) {
    require("root (" + why + ")", isRoot());
  }

  /** Requires that the test JVM runs as root (uid 0). */
  public static void requireRoot() {
    requireRoot("the test starts privileged daemons");
  }

  /** The absolute path of an executable on the PATH or in the sbin directories, if any. */
  public static Optional<Path> findCommand(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : (path + ":" + String.join(":", EXTRA_PATH)).split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /** Whether this JVM runs with effective uid 0. Reads {@code /proc/self/status}, so it needs no JDK module. */
  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String[] ids = line.substring(4).trim().split("\\s+");
          return ids.length > 1 && ids[1].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /**
   * A TCP port that was free on 127.0.0.1 a moment ago. Another process can take it before the caller binds it;
   * launchers that pass it to a daemon retry with a new one when the daemon cannot bind.
   */
  public static int freePort() {
    return freePort(InetAddress.getLoopbackAddress());
  }

  /** A TCP port that was free on {@code address} a moment ago. */
  public static int freePort(InetAddress address) {
    try (ServerSocket socket = new ServerSocket()) {
      // Without SO_REUSEADDR a port in TIME_WAIT is not offered, so the daemon can really bind it.
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(address, 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + address.getHostAddress(), e);
    }
  }

  /**
   * A new, empty directory for one peer's configs, keys and logs ({@code /tmp/socksify-lab-NAME-*}). Readable
   * by all, because daemons that drop privileges to {@code nobody} may reopen files in it.
   */
  public static Path tempDir(String name) {
    try {
      Path dir = Files.createTempDirectory("socksify-lab-" + name + "-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp dir for " + name, e);
    }
  }

  /**
   * The second JDK the agent tests fork (Temurin 25): system property {@code socksify.jdk25}, else environment
   * {@code SOCKSIFY_JDK25}, else {@code /usr/lib/jvm/temurin-25-jdk-amd64}. Requires that its {@code bin/java}
   * exists.
   */
  public static Path requireJdk25() {
    String configured = System.getProperty("socksify.jdk25",
        System.getenv().getOrDefault("SOCKSIFY_JDK25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    Path java = Path.of(configured, "bin", "java");
    require("JDK 25 at " + configured + " (set -Dsocksify.jdk25 or SOCKSIFY_JDK25)", Files.isExecutable(java));
    return Path.of(configured);
  }

  private static String packageHint(String command) {
    return switch (command) {
      case "danted" -> "Debian package dante-server";
      case "sshd" -> "Debian package openssh-server";
      case "ssh", "ssh-keygen" -> "Debian package openssh-client";
      case "ss-server", "ss-local" -> "Debian package shadowsocks-libev";
      case "ip" -> "Debian package iproute2";
      default -> "Debian package " + command;
    };
  }
}
