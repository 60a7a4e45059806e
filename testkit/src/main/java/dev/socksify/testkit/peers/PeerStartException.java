package dev.socksify.testkit.peers;

/** A real peer did not come up; the message holds the command line and the tail of its logs. */
public final class PeerStartException extends RuntimeException {
  private final boolean processExited;

  PeerStartException(String message, boolean processExited) {
    super(message);
    this.processExited = processExited;
  }

  /** True if a daemon exited before its port opened, typically because another process took the port. */
  boolean processExited() {
    return processExited;
  }
}
