package dev.socksify.redirector.privilege;

/** The capabilities the redirector may keep after dropping root, with why (for the log line). */
public enum Capability {
  /** Marks its own upstream sockets (SO_MARK) and removes its firewall rules at exit. */
  NET_ADMIN(12, "SO_MARK on its own connections, removing its rules at exit"),
  /** UDP replies leave from the original destination's port, which may be a privileged one (DNS, NTP). */
  NET_BIND_SERVICE(10, "UDP replies from privileged ports such as 53");

  private final int number;
  private final String why;

  Capability(int number, String why) {
    this.number = number;
    this.why = why;
  }

  public int number() {
    return number;
  }

  public String why() {
    return why;
  }

  @Override
  public String toString() {
    return "CAP_" + name();
  }
}
