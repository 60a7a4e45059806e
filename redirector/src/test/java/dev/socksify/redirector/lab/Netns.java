package dev.socksify.redirector.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace this test run created (unique name: role, PID, counter), with helpers to run commands and
 * start processes inside it. {@link #close()} stops what was started here, by PID, then deletes the namespace; a
 * JVM shutdown hook does the same for namespaces a crashed test left.
 */
public final class Netns implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Set<Netns> LIVE = ConcurrentHashMap.newKeySet();
  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(Netns::close),
        "netns-cleanup"));
  }

  private final String name;
  private final List<NsProcess> processes = new ArrayList<>();

  private Netns(String name) {
    this.name = name;
  }

  /** A new, empty namespace with loopback up. */
  public static Netns create(String role) {
    Netns ns = new Netns("sx-" + role + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
    host("ip", "netns", "add", ns.name);
    LIVE.add(ns);
    ns.run("ip", "link", "set", "lo", "up");
    return ns;
  }

  public String name() {
    return name;
  }

  /** What a finished command printed. */
  public record Result(int exitCode, String output) {}

  /** Runs a command on the host; fails unless it exits 0. */
  public static String host(String... command) {
    Result r = execute(List.of(command), null);
    if (r.exitCode != 0) {
      throw new AssertionError(String.join(" ", command) + " failed (" + r.exitCode + "):\n" + r.output);
    }
    return r.output;
  }

  /** Runs a command in this namespace; fails unless it exits 0. */
  public String run(String... command) {
    Result r = tryRun(command);
    if (r.exitCode != 0) {
      throw new AssertionError("[" + name + "] " + String.join(" ", command) + " failed (" + r.exitCode + "):\n"
          + r.output);
    }
    return r.output;
  }

  /** Runs a command in this namespace and returns how it ended. */
  public Result tryRun(String... command) {
    return tryRunWithInput(null, command);
  }

  /** Runs a command in this namespace with {@code input} on stdin. */
  public Result tryRunWithInput(String input, String... command) {
    return execute(inNs(List.of(command)), input);
  }

  /** Starts a long-running command in this namespace; stopped by {@link #close()} unless stopped before. */
  public NsProcess spawn(String label, Path log, List<String> command) {
    NsProcess p = NsProcess.start(label + "@" + name, inNs(command), log);
    synchronized (processes) {
      processes.add(p);
    }
    return p;
  }

  /** Whether a TCP socket listens on {@code port} here (any address). */
  public boolean isListening(int port) {
    Result r = tryRun("ss", "-Htln", "sport = :" + port);
    return r.exitCode == 0 && !r.output.isBlank();
  }

  private List<String> inNs(List<String> command) {
    List<String> full = new ArrayList<>(List.of(Tools.path("ip"), "netns", "exec", name));
    full.addAll(command);
    return full;
  }

  private static Result execute(List<String> command, String input) {
    try {
      List<String> argv = new ArrayList<>(command);
      if (!argv.get(0).contains("/")) {
        argv.set(0, Tools.path(argv.get(0)));
      }
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      if (input != null) {
        try (var stdin = p.getOutputStream()) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      } else {
        p.getOutputStream().close();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> {
        try {
          p.getInputStream().transferTo(out);
        } catch (IOException ignored) {
          // the process ended; what was read is kept
        }
      });
      reader.start();
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        reader.join(1000);
        throw new AssertionError(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT_SECONDS
            + " s:\n" + out.toString(StandardCharsets.UTF_8));
      }
      reader.join();
      return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops every process started here (reverse order), then deletes the namespace. Idempotent. */
  @Override
  public void close() {
    List<NsProcess> toStop;
    synchronized (processes) {
      toStop = new ArrayList<>(processes);
      processes.clear();
    }
    for (int i = toStop.size() - 1; i >= 0; i--) {
      toStop.get(i).stop();
    }
    if (LIVE.remove(this)) {
      execute(List.of(Tools.path("ip"), "netns", "del", name), null);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
