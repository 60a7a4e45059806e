package dev.socksify.agent.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the agent's integration tests find the built jar and keep their files. */
final class IntegrationDirs {
  private IntegrationDirs() {}

  /** target/socksify.jar, as the build's package phase left it. */
  static Path agentJar() {
    Path jar = Path.of(System.getProperty("socksify.jar", "target/socksify.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: the integration tests run after 'package'");
    }
    return jar;
  }

  /** target/it, created on demand. */
  static Path work() {
    Path dir = Path.of(System.getProperty("socksify.workDir", "target/it")).toAbsolutePath();
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
