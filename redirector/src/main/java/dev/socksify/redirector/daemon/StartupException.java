package dev.socksify.redirector.daemon;

/** The redirector could not start; the message says what to fix. Nothing it installed is left behind. */
public final class StartupException extends Exception {
  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
