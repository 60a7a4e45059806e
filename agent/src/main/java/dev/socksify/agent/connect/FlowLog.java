package dev.socksify.agent.connect;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.Hop;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The debug log ({@code -Dsocksify.debug=true}): one line per connection on stderr,
 * {@code socksify: main -> 10.0.0.2:80 via socks5 127.0.0.1:1080 > socks5h 10.0.0.5:1080: ok}. The app side is the
 * thread that connected. Hops print as {@link Hop#toString()}, which never holds a password.
 */
public final class FlowLog {
  private final boolean enabled;
  private final PrintStream out;

  public FlowLog(boolean enabled, PrintStream out) {
    this.enabled = enabled;
    this.out = out;
  }

  public boolean enabled() {
    return enabled;
  }

  public void direct(String app, InetSocketAddress target, String why) {
    if (enabled) {
      out.println("socksify: " + app + " -> " + Addresses.format(target) + " direct (" + why + ")");
    }
  }

  public void ok(String app, InetSocketAddress target, List<Hop> hops, String path) {
    if (enabled) {
      out.println("socksify: " + app + " -> " + Addresses.format(target) + " via " + hops(hops) + ": ok (" + path + ")");
    }
  }

  public void error(String app, InetSocketAddress target, List<Hop> hops, Throwable failure) {
    if (enabled) {
      String via = hops.isEmpty() ? "" : " via " + hops(hops);
      out.println("socksify: " + app + " -> " + Addresses.format(target) + via + ": error: " + failure.getMessage());
    }
  }

  private static String hops(List<Hop> hops) {
    return hops.stream().map(Hop::toString).collect(Collectors.joining(" > "));
  }

  /** The app side of a log line: the connecting thread's name. */
  public static String app() {
    return Thread.currentThread().getName();
  }
}
