package dev.socksify.agent.it;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The unmodified apps the agent runs under (src/test/apps), compiled here, once per test JVM, against nothing but
 * the JDK and the apps' own Netty and Byte Buddy: they cannot see a single socksify class, as a real app would not.
 */
final class TestApps {
  private static List<Path> classpath;

  private TestApps() {}

  /** The apps' class path: their classes, then the Netty and Byte Buddy jars they use. */
  static synchronized List<Path> classpath() {
    if (classpath == null) {
      classpath = compile();
    }
    return classpath;
  }

  static String classpathString() {
    return String.join(File.pathSeparator, classpath().stream().map(Path::toString).toList());
  }

  private static List<Path> compile() {
    Path sources = Path.of(System.getProperty("socksify.testApps", "src/test/apps"));
    Path out = IntegrationDirs.work().resolve("apps-classes");
    List<Path> libraries = libraryJars();
    try {
      Files.createDirectories(out);
      List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString(), "-cp",
          String.join(File.pathSeparator, libraries.stream().map(Path::toString).toList())));
      try (Stream<Path> files = Files.walk(sources)) {
        files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
      if (javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new)) != 0) {
        throw new IllegalStateException("the test apps do not compile:\n" + diagnostics);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> cp = new ArrayList<>();
    cp.add(out);
    cp.addAll(libraries);
    return cp;
  }

  // The Netty and Byte Buddy jars on the test class path: the apps' own copies, unshaded, next to the agent's
  // relocated ones.
  private static List<Path> libraryJars() {
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains(File.separator + "io" + File.separator + "netty" + File.separator)
          || entry.contains(File.separator + "net" + File.separator + "bytebuddy" + File.separator)) {
        jars.add(Path.of(entry));
      }
    }
    if (jars.isEmpty()) {
      throw new IllegalStateException("no Netty jar on the test class path");
    }
    return jars;
  }
}
