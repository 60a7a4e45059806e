package dev.socksify.chain.rules;

import java.util.Locale;

/**
 * A destination name pattern: {@code example.com} (that name only), {@code *.example.com} (names under it, not
 * {@code example.com} itself, as proxychains and most firewalls read it), or {@code *} (any name). Case and a
 * trailing dot are ignored on both sides. Matching compares regions in place, so it allocates nothing.
 */
public final class DomainPattern {
  private final String text;
  private final String body;
  private final boolean suffix;

  private DomainPattern(String text, String body, boolean suffix) {
    this.text = text;
    this.body = body;
    this.suffix = suffix;
  }

  /**
   * @throws IllegalArgumentException with a message fit for a config error
   */
  public static DomainPattern parse(String pattern) {
    String p = pattern.toLowerCase(Locale.ROOT);
    if (p.endsWith(".") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.equals("*")) {
      return new DomainPattern(p, "", true);
    }
    boolean suffix = p.startsWith("*.");
    String body = suffix ? p.substring(1) : p;
    String name = suffix ? body.substring(1) : body;
    boolean valid = !name.isEmpty() && !name.startsWith(".") && !name.contains("..")
        && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_');
    if (!valid) {
      throw new IllegalArgumentException("domain pattern '" + pattern
          + "' is not a name like example.com or *.example.com (a '*' only as the whole first label)");
    }
    return new DomainPattern(p, body, suffix);
  }

  /** Whether {@code host} (a name, not null) matches. */
  public boolean matches(String host) {
    int length = host.length();
    if (length > 0 && host.charAt(length - 1) == '.') {
      length--;
    }
    if (suffix) {
      // body is ".example.com" (or "" for "*"), so a match needs at least one more label in front.
      int start = length - body.length();
      return start > 0 && host.regionMatches(true, start, body, 0, body.length());
    }
    return length == body.length() && host.regionMatches(true, 0, body, 0, length);
  }

  @Override
  public String toString() {
    return text;
  }
}
