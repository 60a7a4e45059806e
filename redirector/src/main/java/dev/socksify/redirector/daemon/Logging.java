package dev.socksify.redirector.daemon;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per event on standard error ({@code 2026-01-02 03:04:05 WARNING  client -> dest via ...: reason}),
 * which is what journald and a terminal both want. Netty logs through java.util.logging too, so its rare
 * warnings land in the same stream.
 */
public final class Logging {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Logging() {}

  /** @param verbose also log every flow's start and end */
  public static void setup(boolean verbose) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    Handler handler = new ConsoleHandler();
    handler.setLevel(Level.ALL);
    handler.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord r) {
        String line = TIME.format(LocalDateTime.now()) + " " + String.format("%-8s", r.getLevel()) + " "
            + formatMessage(r) + "\n";
        return r.getThrown() == null || r.getLevel().intValue() < Level.SEVERE.intValue()
            ? line
            : line + "  cause: " + r.getThrown() + "\n";
      }
    });
    root.addHandler(handler);
    root.setLevel(Level.INFO);
    Logger.getLogger("socksify").setLevel(verbose ? Level.FINE : Level.INFO);
    // Netty's own debug chatter is not for users
    Logger.getLogger("io.netty").setLevel(Level.WARNING);
  }
}
