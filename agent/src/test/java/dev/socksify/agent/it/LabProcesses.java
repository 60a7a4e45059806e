package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the agent tests' namespace labs ({@link FarSide}, {@link DnsLab}, {@link DatagramNamespaces}) share: the
 * network namespaces they add and the processes and resources they start, stopped by handle, last started first,
 * before the namespaces and their {@code /etc/netns} files go; the commands they run, each bounded in time; and their
 * logs for a failure report, kept on disk when a test failed ({@link #keepFiles()}) and removed otherwise. A test JVM
 * that dies without closing its labs (a killed fork) still stops everything from a shutdown hook.
 */
final class LabProcesses implements AutoCloseable {
  private static final Set<LabProcesses> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(LabProcesses::close),
        "socksify-it-labs-stop"));
  }

  private final Path dir;
  /** Processes and other things to stop (dnsmasq), last started first. */
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final List<String> namespaces = new ArrayList<>();
  private boolean keepFiles;

  /** @param dir where configs and logs go, removed by {@link #close()} unless {@link #keepFiles()} was called */
  LabProcesses(Path dir) {
    this.dir = dir;
    LIVE.add(this);
  }

  Path dir() {
    return dir;
  }

  /** A file in the lab's directory. */
  Path write(String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a network namespace, removed (with its {@code /etc/netns} files) by {@link #close()}. */
  void addNamespace(String name) {
    run("ip", "netns", "add", name);
    namespaces.add(name);
  }

  /** Starts a daemon, its output and errors appended to {@code LABEL.log}. */
  void spawn(String label, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(label + ".log").toFile())).start();
      started.push(stopper(process));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts one of the test tree's server apps, which prints {@code KEY=VALUE} lines and then {@code ready}; its
   * errors go to {@code LABEL.log}.
   *
   * @return the values it printed
   */
  Map<String, String> spawnUntilReady(String label, String... command) {
    Process process;
    try {
      process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(label + ".log").toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    started.push(stopper(process));
    Map<String, String> values = new HashMap<>();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.equals("ready")) {
          return values;
        }
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fail(label + " exited before it was ready; see " + dir.resolve(label + ".log"));
  }

  /** Something else to stop with the lab (after what was started after it). */
  <T extends AutoCloseable> T track(T resource) {
    started.push(resource);
    return resource;
  }

  private static AutoCloseable stopper(Process process) {
    return () -> {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    };
  }

  /** Runs a command to completion, failing the test if it does not exit 0 within 30 s; returns its output. */
  static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whether a command exits 0 within 10 s (its output is dropped). */
  static boolean succeeds(String... command) {
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

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every log under the lab's directory, for a failure report. */
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

  /** Keeps the directory with the configs and logs after {@link #close()} (a test failed). */
  synchronized void keepFiles() {
    keepFiles = true;
  }

  /**
   * Stops what was started, last first, then removes the namespaces, their /etc/netns files and, unless kept, the
   * lab's directory. Idempotent.
   */
  @Override
  public synchronized void close() {
    LIVE.remove(this);
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // stopping the others matters more
      }
    }
    for (String namespace : namespaces) {
      succeeds("ip", "netns", "del", namespace);
      deleteTree(Path.of("/etc/netns", namespace));
    }
    namespaces.clear();
    if (!keepFiles) {
      try {
        deleteTree(dir);
      } catch (UncheckedIOException e) {
        // a leftover temp dir is all this costs
      }
    }
  }

  /** Removes a directory and everything in it, if it exists. */
  static void deleteTree(Path root) {
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
