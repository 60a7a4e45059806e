package dev.socksify.testkit.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A real proxy daemon (or a pair of them) running on loopback for tests: configs, keys and logs live in a fresh
 * temp dir, the listening port is chosen at runtime, and {@link #close()} stops every process by its PID.
 *
 * <p>Subclasses write their configs and start their processes in {@link #launch()}; {@link #bringUp()} retries
 * with new free ports when a daemon dies before its port opens (another test may have taken the port).
 */
public abstract class RealPeer implements AutoCloseable {
  /** The address every peer listens on. */
  public static final String LISTEN_HOST = "127.0.0.1";

  private static final int START_ATTEMPTS = 3;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final int LOG_TAIL_LINES = 150;
  private static final Set<RealPeer> LIVE = ConcurrentHashMap.newKeySet();

  static {
    // A JVM that dies without running @AfterAll (a killed surefire fork) still stops its daemons.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(RealPeer::stop),
        "socksify-lab-peers-stop"));
  }

  private final String name;
  private final Path dir;
  private final List<PeerProcess> processes = new ArrayList<>();
  private boolean keepFiles;
  private boolean stopped;

  RealPeer(String name, Path dir) {
    this.name = name;
    this.dir = dir;
  }

  /** What this peer is, for messages and log dumps, e.g. {@code danted 127.0.0.1:40123 (egress 127.0.0.11)}. */
  public final String name() {
    return name + " " + LISTEN_HOST + ":" + port() + " (egress " + egress() + ")";
  }

  /** What kind of peer this is: {@code danted}, {@code danted-auth}, {@code ssh-D}, {@code tinyproxy} ... */
  public final String kind() {
    return name;
  }

  /** The host clients connect to. */
  public String host() {
    return LISTEN_HOST;
  }

  /** The port clients connect to. */
  public abstract int port();

  /** The source address the peer's outbound connections leave from, as a destination sees it. */
  public abstract String egress();

  /** The URL scheme a client uses for this peer: {@code socks5}, {@code socks5h} or {@code http}. */
  public abstract String scheme();

  /** The user name the peer requires, or null without authentication. */
  public String user() {
    return null;
  }

  /** The password the peer requires, or null without authentication. */
  public String password() {
    return null;
  }

  /**
   * The proxy URL, e.g. {@code socks5://user:****@127.0.0.1:40123}; the password is shown only when
   * {@code revealPassword} (the lab user names and passwords contain nothing that needs percent-encoding).
   */
  public final String url(boolean revealPassword) {
    String credentials = user() == null ? "" : user() + ":" + (revealPassword ? password() : "****") + "@";
    return scheme() + "://" + credentials + host() + ":" + port();
  }

  /** {@code host:port}. */
  public final InetSocketAddress address() {
    return new InetSocketAddress(host(), port());
  }

  /** The directory holding this peer's configs, keys and logs. */
  public final Path dir() {
    return dir;
  }

  /** Writes configs (choosing fresh ports) and starts the processes with {@link #spawn}, waiting for ports. */
  protected abstract void launch();

  /** Starts the peer; a daemon that dies before its port opens is retried with new ports a few times. */
  final void bringUp() {
    LIVE.add(this);
    for (int attempt = 1; ; attempt++) {
      try {
        launch();
        return;
      } catch (PeerStartException e) {
        stopProcesses();
        if (attempt >= START_ATTEMPTS || !e.processExited()) {
          LIVE.remove(this);
          keepFiles = true;
          throw e;
        }
      } catch (RuntimeException | Error e) {
        stopProcesses();
        LIVE.remove(this);
        throw e;
      }
    }
  }

  /** Starts one process of this peer; its output is part of {@link #logs()}. */
  protected final PeerProcess spawn(String label, List<String> command) {
    return spawn(label, command, List.of());
  }

  /** As {@link #spawn(String, List)}, masking the arguments in {@code secrets} wherever the command is shown. */
  protected final PeerProcess spawn(String label, List<String> command, List<String> secrets) {
    PeerProcess process = PeerProcess.start(label, dir, command, secrets);
    synchronized (processes) {
      processes.add(process);
    }
    return process;
  }

  /** Waits until {@code port} on loopback accepts a TCP connection, failing early if {@code process} exits. */
  protected final void awaitPort(PeerProcess process, int port) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new PeerStartException(name + ": " + process + " exited with " + process.exitCode()
            + " before port " + port + " opened; command: " + process.displayCommand() + "\n" + logs(), true);
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(LISTEN_HOST, port), 200);
        if (process.isAlive()) {
          return;
        }
        // Someone else answered on the port our daemon failed to bind: the check above reports it next round.
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new PeerStartException(name + ": port " + port + " did not open within " + START_TIMEOUT
              + "; command: " + process.displayCommand() + "\n" + logs(), false);
        }
        sleep(50);
      }
    }
  }

  /** Runs a short helper command (ssh-keygen, useradd) to completion, failing with its output. */
  protected final void run(String label, List<String> command, String stdin) {
    LabCommands.run(label, dir, command, stdin);
  }

  /** Writes a config or key file readable by the daemon (which may have dropped to {@code nobody}). */
  protected final Path write(String fileName, String content, Set<PosixFilePermission> permissions) {
    Path file = dir.resolve(fileName);
    try {
      // Created with its final mode, so a key is never readable by others, not even for a moment.
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(permissions));
      Files.setPosixFilePermissions(file, permissions);
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Whether every process of this peer is still running. */
  public final boolean isRunning() {
    synchronized (processes) {
      return !stopped && !processes.isEmpty() && processes.stream().allMatch(PeerProcess::isAlive);
    }
  }

  /**
   * Stops the daemons, keeping the files (a test may stop a hop on purpose and still want its log).
   * Idempotent.
   */
  public final void stop() {
    synchronized (processes) {
      if (stopped) {
        return;
      }
      stopped = true;
    }
    stopProcesses();
    LIVE.remove(this);
  }

  private void stopProcesses() {
    List<PeerProcess> toStop;
    synchronized (processes) {
      toStop = new ArrayList<>(processes);
      processes.clear();
    }
    // Reverse start order: clients (ssh -D, ss-local) before the servers they talk to.
    for (int i = toStop.size() - 1; i >= 0; i--) {
      toStop.get(i).stop();
    }
  }

  /** Keep the temp dir after {@link #close()} (set when a test failed, so the logs can be read). */
  public final void keepFiles() {
    keepFiles = true;
  }

  /** The last lines of every log this peer wrote (its processes' output and its own log files). */
  public final String logs() {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path log : files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList()) {
        out.append("---- ").append(log).append(" (last ").append(LOG_TAIL_LINES).append(" lines)\n");
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
            .forEach(line -> out.append(line).append('\n'));
      }
    } catch (IOException e) {
      out.append("(cannot read logs in ").append(dir).append(": ").append(e).append(")\n");
    }
    return out.toString();
  }

  /** Stops the daemons and deletes the temp dir (unless {@link #keepFiles()}). */
  @Override
  public void close() {
    stop();
    if (keepFiles) {
      return;
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Leftovers in /tmp are harmless; the processes, which matter, are stopped.
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a peer", e);
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
