package dev.socksify.redirector.lab;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts the redirector (the shaded jar) inside a namespace and waits until it says it is ready. */
public final class RedirectorProcess {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private RedirectorProcess() {}

  /** {@code java -jar socksify-redirector.jar ARGS} (the real CLI), waiting for "ready". */
  public static NsProcess cli(Netns ns, Path log, List<String> args) {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar()));
    command.addAll(args);
    return started(ns.spawn("redirector", log, command));
  }

  /** The daemon with every flow sent direct ({@link DirectRedirectorMain}), waiting for "ready". */
  public static NsProcess direct(Netns ns, Path log, List<String> args) {
    List<String> command = new ArrayList<>(List.of(java(), "-cp", jar() + ":" + testClasses(),
        DirectRedirectorMain.class.getName()));
    command.addAll(args);
    return started(ns.spawn("redirector-direct", log, command));
  }

  private static NsProcess started(NsProcess p) {
    p.awaitLog(log -> log.contains(" ready: "), START_TIMEOUT, "ready");
    return p;
  }

  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public static String jar() {
    return System.getProperty("socksify.redirector.jar");
  }

  private static String testClasses() {
    try {
      return Path.of(DirectRedirectorMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
