package dev.socksify.redirector.relay;

import dev.socksify.chain.Addresses;
import dev.socksify.redirector.Log;
import java.net.InetSocketAddress;

/**
 * The one line a flow gets: {@code client -> destination via hops: what happened}. Hops print as
 * {@code socks5 10.0.0.5:1080}; credentials never appear (Hop and Credentials mask them in toString).
 */
public final class FlowLog {
  private FlowLog() {}

  /** A flow that could not be relayed (warning: the client saw a reset). */
  public static void failed(InetSocketAddress client, InetSocketAddress destination, String via, String reason) {
    Log.warn(line(client, destination, via, reason));
  }

  /** A relayed flow's end (only logged when verbose). */
  public static void finished(InetSocketAddress client, InetSocketAddress destination, String via, String how) {
    if (Log.isVerbose()) {
      Log.debug(line(client, destination, via, how));
    }
  }

  /** A flow that is now relaying (only logged when verbose). */
  public static void opened(InetSocketAddress client, InetSocketAddress destination, String via, String how) {
    if (Log.isVerbose()) {
      Log.debug(line(client, destination, via, how));
    }
  }

  static String line(InetSocketAddress client, InetSocketAddress destination, String via, String reason) {
    return Addresses.format(client) + " -> " + Addresses.format(destination) + " via " + via + ": " + reason;
  }
}
