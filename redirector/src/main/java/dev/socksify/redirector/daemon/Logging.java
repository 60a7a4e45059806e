package dev.socksify.redirector.daemon;

import dev.socksify.redirector.Log;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sets up logging: the redirector's own lines go through {@link Log}; Netty logs through java.util.logging,
 * which is given the same one-line format so its rare warnings read like the rest.
 */
public final class Logging {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Logging() {}

  /** @param verbose also log every flow's start and end */
  public static void setup(boolean verbose) {
    Log.verbose(verbose);
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
    // Netty's own debug chatter is not for users
    root.setLevel(Level.WARNING);
  }
}
