package dev.socksify.redirector.lab;

import dev.socksify.testkit.Lab;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The prerequisites every namespace test starts with, through the testkit's {@link Lab#require}: a skip naming what
 * is missing, or a failure when {@code socksify.lab.required=true} (scripts/test).
 */
public final class LabCheck {
  private LabCheck() {}

  /** Root, iproute2, the tools a namespace test uses, and the redirector jar failsafe hands over. */
  public static void requireNamespaceLab(String... tools) {
    Lab.requireRoot("the test creates network namespaces");
    Lab.requireCommand("ip");
    for (String tool : tools) {
      Lab.requireCommand(tool);
    }
    String jar = System.getProperty("socksify.redirector.jar");
    Lab.require("the shaded redirector jar (run through failsafe: mvn verify)", jar != null && Files.isRegularFile(
        Path.of(jar)));
  }
}
