package dev.socksify.redirector;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The redirector's log: one line per event on standard error, which journald and a terminal both want. Not
 * java.util.logging, because its LogManager closes every handler from a shutdown hook of its own, and the lines
 * that matter most (rules removed, or why not) are written while the JVM shuts down.
 */
public final class Log {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final PrintStream OUT = System.err;
  private static volatile boolean verbose;

  private Log() {}

  /** Also log every flow's start and end. */
  public static void verbose(boolean on) {
    verbose = on;
  }

  public static boolean isVerbose() {
    return verbose;
  }

  public static void info(String message) {
    write("INFO ", message);
  }

  public static void warn(String message) {
    write("WARN ", message);
  }

  public static void error(String message) {
    write("ERROR", message);
  }

  /** Only with {@link #verbose}. */
  public static void debug(String message) {
    if (verbose) {
      write("DEBUG", message);
    }
  }

  private static void write(String level, String message) {
    String line = TIME.format(LocalDateTime.now()) + " " + level + " " + message;
    synchronized (OUT) {
      OUT.println(line);
    }
  }
}
