package dev.socksify.redirector.firewall;

/** A rule tool failed or is missing; the message names the command and quotes what the tool said. */
public final class FirewallException extends Exception {
  public FirewallException(String message) {
    super(message);
  }

  public FirewallException(String message, Throwable cause) {
    super(message, cause);
  }
}
