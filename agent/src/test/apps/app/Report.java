package app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * What every test app prints, one {@code key=value} per line, so the forked-JVM tests can assert on it. A failure
 * prints {@code error=<exception class>: <message>} and exits with status 3.
 */
public final class Report {
  private Report() {}

  public static void line(String key, Object value) {
    System.out.println(key + "=" + value);
    System.out.flush();
  }

  /** Prints the failure as the app saw it and exits 3 (the tests assert on the exception type). */
  public static void fail(Throwable t) {
    line("error", t.getClass().getName() + ": " + t.getMessage());
    System.exit(3);
  }

  /** Reads one {@code \n}-terminated line without buffering past it. */
  public static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("end of stream after '" + line + "'");
      }
      line.append((char) c);
    }
    return line.toString();
  }

  /** Reads to end of stream. */
  public static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
