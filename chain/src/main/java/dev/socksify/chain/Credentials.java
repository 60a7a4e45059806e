package dev.socksify.chain;

import java.util.Objects;

/**
 * A user name and password for a hop (RFC 1929 or HTTP Basic). {@link #toString()} never shows the password,
 * so credentials may travel inside objects that get logged.
 */
public record Credentials(String user, String password) {
  public Credentials {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return user + ":****";
  }
}
