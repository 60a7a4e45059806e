package dev.socksify.redirector.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running process started inside a namespace ({@code ip netns exec NS cmd}: ip execs the command, so
 * the PID held here is the command's own). Output goes to a log file; {@link #stop()} sends SIGTERM to that PID
 * and SIGKILL if it lingers.
 */
public final class NsProcess implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String label;
  private final Process process;
  private final Path log;

  private NsProcess(String label, Process process, Path log) {
    this.label = label;
    this.process = process;
    this.log = log;
  }

  static NsProcess start(String label, List<String> command, Path log) {
    try {
      Files.createDirectories(log.getParent());
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      return new NsProcess(label, p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + label + ": " + command, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return log;
  }

  /** Everything the process printed so far. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /**
   * Waits until the log satisfies {@code ready}; fails with the log if the process exits first or the timeout
   * passes.
   */
  public void awaitLog(Predicate<String> ready, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.test(log())) {
      if (!process.isAlive()) {
        throw new AssertionError(label + " exited (" + process.exitValue() + ") before " + what + ":\n" + log());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(label + " not " + what + " within " + timeout + ":\n" + log());
      }
      sleep(50);
    }
  }

  /** Waits until something listens on {@code port} in the process's namespace. */
  public void awaitListening(Netns ns, int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ns.isListening(port)) {
      if (!process.isAlive()) {
        throw new AssertionError(label + " exited (" + process.exitValue() + ") before listening on " + port
            + ":\n" + log());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(label + " not listening on " + port + " within " + timeout + ":\n" + log());
      }
      sleep(50);
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; returns the exit code. */
  public int stop() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    return waitFor();
  }

  /** Sends {@code signal} (e.g. {@code INT}) by PID and waits for the exit; returns the exit code. */
  public int signalAndWait(String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return waitFor();
  }

  /** SIGKILL, as a crash. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  public int waitFor() {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return label + " (pid " + pid() + ")";
  }
}
