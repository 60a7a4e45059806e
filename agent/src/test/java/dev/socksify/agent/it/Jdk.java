package dev.socksify.agent.it;

import dev.socksify.testkit.Lab;
import java.nio.file.Files;
import java.nio.file.Path;

/** The JDKs every agent test runs its app on. */
public enum Jdk {
  /** The build's JDK 17: {@code -Dsocksify.jdk17}, else the JDK running the tests. */
  JDK17 {
    @Override
    public Path home() {
      Path home = Path.of(System.getProperty("socksify.jdk17", System.getProperty("java.home")));
      Lab.require("JDK 17 at " + home, Files.isExecutable(home.resolve("bin/java")));
      return home;
    }
  },
  /** Temurin 25 ({@code -Dsocksify.jdk25}); missing, it is a skip, or a failure when the lab is required. */
  JDK25 {
    @Override
    public Path home() {
      return Lab.requireJdk25();
    }
  };

  public abstract Path home();

  public Path java() {
    return home().resolve("bin/java");
  }

  /** The JDK's feature release, read from its {@code release} file. */
  public int feature() {
    try {
      for (String line : Files.readAllLines(home().resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(version.split("[.+-]")[0]);
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the version of " + home(), e);
    }
    throw new IllegalStateException("no JAVA_VERSION in " + home().resolve("release"));
  }
}
