package dev.socksify.agent.dns;

import java.io.PrintStream;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The debug log's lines for names ({@code -Dsocksify.debug=true}), next to the flow log's connection lines:
 * {@code socksify: main lookup service.test -> 198.18.0.1 (the chain resolves it)}.
 */
final class DnsLog {
  private final boolean enabled;
  private final PrintStream out;

  DnsLog(boolean enabled, PrintStream out) {
    this.enabled = enabled;
    this.out = out;
  }

  void here(String host, String why) {
    if (enabled) {
      out.println("socksify: " + Thread.currentThread().getName() + " lookup " + host + " resolved here (" + why
          + ")");
    }
  }

  void answered(String host, InetAddress[] addresses, String how) {
    if (enabled) {
      out.println("socksify: " + Thread.currentThread().getName() + " lookup " + host + " -> "
          + Arrays.stream(addresses).map(InetAddress::getHostAddress).collect(Collectors.joining(", ")) + " (" + how
          + ")");
    }
  }

  void failed(String host, Exception failure) {
    if (enabled) {
      out.println("socksify: " + Thread.currentThread().getName() + " lookup " + host + ": error: "
          + failure.getMessage());
    }
  }
}
