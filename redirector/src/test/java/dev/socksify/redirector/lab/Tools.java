package dev.socksify.redirector.lab;

import dev.socksify.testkit.Lab;
import java.nio.file.Path;

/** Executables by name, found as the testkit finds them (PATH and the sbin directories). */
public final class Tools {
  private Tools() {}

  /** The absolute path of {@code tool}, or null. */
  public static String find(String tool) {
    return Lab.findCommand(tool).map(Path::toString).orElse(null);
  }

  /** Like {@link #find} but fails when missing (call after {@link LabCheck}). */
  public static String path(String tool) {
    return Lab.findCommand(tool).map(Path::toString)
        .orElseThrow(() -> new IllegalStateException(tool + " not found"));
  }
}
