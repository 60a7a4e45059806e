package dev.socksify.redirector.lab;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The small Python clients and servers under src/test/resources/lab (run with the system python3). */
public final class Scripts {
  private Scripts() {}

  public static String path(String name) {
    try {
      return Path.of(Scripts.class.getResource("/lab/" + name).toURI()).toString();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test script missing: " + name, e);
    }
  }

  /** The system python3 (pyenv shims may not work inside namespaces with another HOME). */
  public static String python() {
    return new java.io.File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : Tools.path("python3");
  }
}
