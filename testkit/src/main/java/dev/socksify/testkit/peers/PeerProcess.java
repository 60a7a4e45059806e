package dev.socksify.testkit.peers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One daemon process of a real peer, started in the foreground with stdout and stderr going to a log file, and
 * stopped by its PID together with the children it forked (danted preforks, sshd forks per session).
 */
final class PeerProcess {
  private static final long TERM_GRACE_MILLIS = 5_000;

  private final String label;
  private final String displayCommand;
  private final Path log;
  private final Process process;

  private PeerProcess(String label, String displayCommand, Path log, Process process) {
    this.label = label;
    this.displayCommand = displayCommand;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts {@code command} in {@code dir}, output appended to {@code dir/LABEL.log}. Arguments equal to one of
   * {@code secrets} are masked wherever the command is shown; prefer passing secrets in files.
   */
  static PeerProcess start(String label, Path dir, List<String> command, List<String> secrets) {
    Path log = dir.resolve(label + ".log");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      return new PeerProcess(label, display(command, secrets), log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + label + ": " + display(command, secrets), e);
    }
  }

  private static String display(List<String> command, List<String> secrets) {
    return command.stream().map(arg -> secrets.contains(arg) ? "****" : arg).collect(Collectors.joining(" "));
  }

  String label() {
    return label;
  }

  String displayCommand() {
    return displayCommand;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, or -1 while it runs. */
  int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /**
   * SIGTERM to the process, SIGKILL after a grace period, then the same for the children it left behind. The
   * JVM reaps its own child; orphaned grandchildren go to init, so for them "stopped" means gone or a zombie.
   */
  void stop() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(TERM_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(TERM_GRACE_MILLIS, TimeUnit.MILLISECONDS);
      }
      for (ProcessHandle child : children) {
        child.destroy();
      }
      for (ProcessHandle child : children) {
        awaitGone(child);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static void awaitGone(ProcessHandle child) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERM_GRACE_MILLIS);
    while (running(child.pid())) {
      if (System.nanoTime() > deadline) {
        child.destroyForcibly();
        return;
      }
      Thread.sleep(20);
    }
  }

  /** Alive and not a zombie: {@link ProcessHandle#isAlive()} counts zombies as alive. */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int afterName = stat.lastIndexOf(')');
      return afterName > 0 && afterName + 2 < stat.length() && stat.charAt(afterName + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return label + " (pid " + process.pid() + ")";
  }
}
