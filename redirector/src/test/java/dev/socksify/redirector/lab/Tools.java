package dev.socksify.redirector.lab;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds executables on PATH and in the sbin directories (test JVMs often lack those on PATH). */
public final class Tools {
  private Tools() {}

  /** The absolute path of {@code tool}, or null. */
  public static String find(String tool) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin:/usr/local/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return Path.of(dir, tool).toString();
      }
    }
    return null;
  }

  /** Like {@link #find} but fails when missing (call after {@link LabCheck}). */
  public static String path(String tool) {
    String found = find(tool);
    if (found == null) {
      throw new IllegalStateException(tool + " not found");
    }
    return found;
  }
}
