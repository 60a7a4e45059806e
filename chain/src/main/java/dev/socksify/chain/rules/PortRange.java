package dev.socksify.chain.rules;

/** Destination ports {@code from} to {@code to}, both included. */
public record PortRange(int from, int to) {
  public PortRange {
    if (from < 1 || to > 65535 || from > to) {
      throw new IllegalArgumentException("port range " + from + "-" + to + " is not within 1-65535 in order");
    }
  }

  /**
   * {@code 22} or {@code 8000-8999}.
   *
   * @throws IllegalArgumentException with a message fit for a config error
   */
  public static PortRange parse(String text) {
    int dash = text.indexOf('-');
    int from = number(dash < 0 ? text : text.substring(0, dash), text);
    int to = dash < 0 ? from : number(text.substring(dash + 1), text);
    if (from > to) {
      throw new IllegalArgumentException("port range '" + text + "' is backwards");
    }
    return new PortRange(from, to);
  }

  private static int number(String digits, String whole) {
    if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("port '" + whole + "' is not a number or a range like 8000-8999");
    }
    int port = Integer.parseInt(digits);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " out of range 1-65535");
    }
    return port;
  }

  boolean contains(int port) {
    return port >= from && port <= to;
  }

  @Override
  public String toString() {
    return from == to ? Integer.toString(from) : from + "-" + to;
  }
}
