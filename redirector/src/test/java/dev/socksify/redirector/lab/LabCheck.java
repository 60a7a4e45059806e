package dev.socksify.redirector.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The lab prerequisite check every namespace test starts with: a skip naming what is missing, or a failure when
 * {@code socksify.lab.required=true} (scripts/test). Local twin of the testkit's {@code Lab.require}, which is not
 * on this branch yet.
 */
public final class LabCheck {
  private LabCheck() {}

  public static void require(String what, boolean available) {
    if (available) {
      return;
    }
    if (Boolean.getBoolean("socksify.lab.required")) {
      Assertions.fail("lab prerequisite missing: " + what + " (socksify.lab.required=true)");
    }
    Assumptions.abort("skipped, lab prerequisite missing: " + what
        + " (run as root with the lab packages, or -Dsocksify.lab.required=true to fail instead)");
  }

  /** Root, iproute2 and the tools a namespace test uses. */
  public static void requireNamespaceLab(String... tools) {
    require("root (the test creates network namespaces)", isRoot());
    require("command 'ip' (iproute2)", Tools.find("ip") != null);
    for (String tool : tools) {
      require("command '" + tool + "'", Tools.find(tool) != null);
    }
    String jar = System.getProperty("socksify.redirector.jar");
    require("the shaded redirector jar (run through failsafe: mvn verify)", jar != null && Files.isRegularFile(
        Path.of(jar)));
  }

  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).trim().split("\\s+")[1].equals("0");
        }
      }
    } catch (java.io.IOException e) {
      return false;
    }
    return false;
  }
}
