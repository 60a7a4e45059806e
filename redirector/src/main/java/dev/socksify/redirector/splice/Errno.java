package dev.socksify.redirector.splice;

import java.util.Map;

/** Names for the errno values a relayed socket produces, as log lines show them. */
final class Errno {
  private static final Map<Integer, String> NAMES = Map.of(
      32, "broken pipe (EPIPE)",
      104, "connection reset by peer (ECONNRESET)",
      110, "connection timed out (ETIMEDOUT)",
      113, "no route to host (EHOSTUNREACH)",
      107, "not connected (ENOTCONN)",
      9, "bad file descriptor (EBADF)",
      24, "too many open files (EMFILE)",
      23, "too many open files in system (ENFILE)",
      12, "out of memory (ENOMEM)");

  private Errno() {}

  static String describe(int errno) {
    return NAMES.getOrDefault(errno, "errno " + errno);
  }
}
