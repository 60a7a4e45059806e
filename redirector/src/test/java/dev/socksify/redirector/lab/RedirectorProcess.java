package dev.socksify.redirector.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the redirector's real command line (the shaded jar) inside a namespace. */
public final class RedirectorProcess {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /**
   * A config whose rules send everything direct (the redirector's own marked sockets, which the lab routes to
   * the destination), for relay-mechanics tests that need no proxy. The proxy named is never used.
   */
  public static final String ALL_DIRECT = "[ProxyList]\nsocks5 " + RedirectLab.PROXY + " 1\n[rules]\n"
      + "default -> direct\n";

  private RedirectorProcess() {}

  /** {@code java -jar socksify-redirector.jar run ARGS}, waiting for "ready". */
  public static NsProcess run(Netns ns, Path log, List<String> args) {
    return runWith(java(), ns, log, args);
  }

  /** As {@link #run(Netns, Path, List)} with another JVM ({@code JAVA_HOME/bin/java}). */
  public static NsProcess runWith(String javaBinary, Netns ns, Path log, List<String> args) {
    List<String> command = new ArrayList<>(List.of(javaBinary, "-jar", jar(), "run"));
    command.addAll(args);
    NsProcess p = ns.spawn("redirector", log, command);
    p.awaitLog(text -> text.contains(" ready: "), START_TIMEOUT, "ready");
    return p;
  }

  /** {@code run} with {@code config} written to a file in {@code dir}, a control socket there, verbose. */
  public static NsProcess run(Netns ns, Path dir, String config, List<String> args) {
    List<String> all = new ArrayList<>(List.of("--config", write(dir, "socksify.conf", config).toString(),
        "--control", dir.resolve("control.sock").toString(), "-v"));
    all.addAll(args);
    return run(ns, dir.resolve("redirector.log"), all);
  }

  /** A one-off command ({@code rules}, {@code status}, {@code check}) in the namespace. */
  public static Netns.Result cli(Netns ns, String subcommand, List<String> args) {
    return ns.tryRun(command(subcommand, args).toArray(String[]::new));
  }

  private static List<String> command(String subcommand, List<String> args) {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar(), subcommand));
    command.addAll(args);
    return command;
  }

  public static Path write(Path dir, String name, String content) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public static String jar() {
    return System.getProperty("socksify.redirector.jar");
  }
}
