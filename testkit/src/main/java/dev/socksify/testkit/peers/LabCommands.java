package dev.socksify.testkit.peers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Short helper commands the launchers need (ssh-keygen, useradd, chpasswd), run to completion with a bound. */
final class LabCommands {
  private static final long TIMEOUT_SECONDS = 60;

  private LabCommands() {}

  /** Runs {@code command}, feeding {@code stdin} (may be null; secrets go here, never in the arguments). */
  static void run(String label, Path dir, List<String> command, String stdin) {
    int exit = exitCode(label, dir, command, stdin);
    if (exit != 0) {
      throw new IllegalStateException(label + " failed with exit code " + exit + ": " + String.join(" ", command));
    }
  }

  /** Runs {@code command} and returns its exit code; its output goes to the test's stderr. */
  static int exitCode(String label, Path dir, List<String> command, String stdin) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    if (dir != null) {
      builder.directory(dir.toFile());
    }
    try {
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(label + " did not finish within " + TIMEOUT_SECONDS + " s: "
            + String.join(" ", command));
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + label + ": " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + label, e);
    }
  }
}
