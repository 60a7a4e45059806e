package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

/** What a forked app printed and how it exited. */
record AppRun(String command, int exitCode, List<String> stdout, String stderr) {
  /** The value of the app's first {@code key=value} line, or null. */
  String value(String key) {
    for (String line : stdout) {
      if (line.startsWith(key + "=")) {
        return line.substring(key.length() + 1);
      }
    }
    return null;
  }

  /** The value of {@code key}, failing with the whole run if the app did not print it. */
  String require(String key) {
    String value = value(key);
    assertNotNull(value, "the app printed no " + key + "=\n" + this);
    return value;
  }

  /** Asserts the app exited 0. */
  AppRun assertOk() {
    assertEquals(0, exitCode, "the app failed\n" + this);
    return this;
  }

  /** Asserts the JVM printed nothing on stderr: without debug, the agent is silent and causes no JDK warnings. */
  AppRun assertQuiet() {
    assertEquals("", stderr, "nothing on stderr\n" + this);
    return this;
  }

  /** Asserts the app failed to connect at all (how depends on the host's routes: unreachable, or a timeout). */
  AppRun assertFailed() {
    assertEquals(3, exitCode, "the app should have failed\n" + this);
    assertNull(value("greeting"), "nothing may have been received\n" + this);
    return this;
  }

  /** Asserts the app failed with {@code type} (its {@code error=} line names the exception). */
  AppRun assertFailedWith(Class<? extends Throwable> type) {
    assertEquals(3, exitCode, "the app should have failed with " + type.getName() + "\n" + this);
    String error = require("error");
    assertEquals(type.getName(), error.substring(0, error.indexOf(':')), "exception type\n" + this);
    return this;
  }

  @Override
  public String toString() {
    return "$ " + command + "\nexit " + exitCode + "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n"
        + stderr;
  }
}
