package dev.socksify.redirector.relay;

import dev.socksify.chain.Addresses;
import java.net.InetSocketAddress;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one line a flow gets: {@code client -> destination via hops: what happened}. Hops print as
 * {@code socks5 10.0.0.5:1080}; credentials never appear (Hop and Credentials mask them in toString).
 */
public final class FlowLog {
  private static final Logger LOG = Logger.getLogger("socksify.flow");

  private FlowLog() {}

  /** A flow that could not be relayed (warning: the client saw a reset). */
  public static void failed(InetSocketAddress client, InetSocketAddress destination, String via, String reason) {
    LOG.warning(line(client, destination, via, reason));
  }

  /** A relayed flow's end (fine: only logged when verbose). */
  public static void finished(InetSocketAddress client, InetSocketAddress destination, String via, String how) {
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine(line(client, destination, via, how));
    }
  }

  /** A flow that is now relaying (fine: only logged when verbose). */
  public static void opened(InetSocketAddress client, InetSocketAddress destination, String via, String how) {
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine(line(client, destination, via, how));
    }
  }

  static String line(InetSocketAddress client, InetSocketAddress destination, String via, String reason) {
    return Addresses.format(client) + " -> " + Addresses.format(destination) + " via " + via + ": " + reason;
  }
}
