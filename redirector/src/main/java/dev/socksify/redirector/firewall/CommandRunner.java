package dev.socksify.redirector.firewall;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the rule tools ({@code iptables-restore}, {@code nft}, ...). Tools are looked up on PATH and then in the
 * sbin directories, because {@code sudo} and systemd do not always put those on PATH.
 */
public final class CommandRunner {
  /** A rule tool that takes longer than this is hung (xtables lock held by someone else, say). */
  private static final long TIMEOUT_SECONDS = 30;

  private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

  /** What a command printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** The tool's own words, for an error message. */
    public String said() {
      String s = (stderr.isBlank() ? stdout : stderr).strip();
      return s.isEmpty() ? "(no output)" : s.lines().limit(5).reduce((a, b) -> a + " | " + b).orElse(s);
    }
  }

  /** True if the tool can be found. */
  public boolean has(String tool) {
    return locate(tool) != null;
  }

  /**
   * Runs {@code command} with {@code input} on its standard input.
   *
   * @throws FirewallException if the tool is missing, cannot start or hangs (a non-zero exit is not thrown)
   */
  public Result run(List<String> command, String input) throws FirewallException {
    String display = String.join(" ", command);
    Path tool = locate(command.get(0));
    if (tool == null) {
      throw new FirewallException(command.get(0) + " not found (looked on PATH and in " + EXTRA_DIRS + ")");
    }
    List<String> argv = new ArrayList<>(command);
    argv.set(0, tool.toString());
    Process process;
    try {
      process = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      throw new FirewallException("cannot run " + display + ": " + e.getMessage(), e);
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the tool exited early; its exit code and stderr say why
    }
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new FirewallException(display + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new FirewallException("interrupted while running " + display, e);
    }
  }

  /** Runs the command and fails unless it exits 0. */
  public Result check(List<String> command, String input) throws FirewallException {
    Result result = run(command, input);
    if (!result.ok()) {
      throw new FirewallException(
          String.join(" ", command) + " failed (exit " + result.exitCode() + "): " + result.said());
    }
    return result;
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static Path locate(String tool) {
    if (tool.contains("/")) {
      Path p = Path.of(tool);
      return Files.isExecutable(p) ? p : null;
    }
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(EXTRA_DIRS);
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
