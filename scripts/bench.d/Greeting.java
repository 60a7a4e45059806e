import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the destination's greeting {@code peer=IP:PORT} and checks that the connection left from the expected
 * address, the egress of the hop that must have carried it. A client run through the wrong path fails loudly
 * instead of producing a number.
 */
final class Greeting {
  private Greeting() {}

  static void check(InputStream in, String expectedPeer) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("destination closed before its greeting (got '" + line + "')");
      }
      line.append((char) c);
    }
    check(line.toString(), expectedPeer);
  }

  static void check(String line, String expectedPeer) throws IOException {
    String want = "peer=" + expectedPeer + ":";
    if (!line.startsWith(want)) {
      throw new IOException("destination saw '" + line + "', expected a connection from " + expectedPeer
          + ": this connection did not take the path being measured");
    }
  }

  static String arg(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException("missing argument " + (i + 1));
    }
    return args[i];
  }
}
