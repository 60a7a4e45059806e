package dev.socksify.chain.connect;

import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopUnreachableException;
import java.io.IOException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** The failures both runners raise themselves (the protocol handshakes raise the others), worded once. */
public final class HopFailures {
  /**
   * Netty's native transports prefix the syscall: {@code finishConnect(..) failed with error(-111): Connection
   * refused}.
   */
  private static final Pattern SYSCALL_PREFIX =
      Pattern.compile("^[A-Za-z]+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ");
  /** Netty annotates connect failures with the address: {@code Connection refused: /127.0.0.1:1080}. */
  private static final Pattern ADDRESS_SUFFIX = Pattern.compile(": [^\\s/]*/\\S+$");

  private HopFailures() {}

  /**
   * The TCP connect to hop 1 failed: {@code hop 1 socks5 127.0.0.1:1080 -> next: cannot connect to proxy:
   * Connection refused}.
   */
  public static HopUnreachableException cannotConnect(HopContext first, Throwable cause, DirectFailure kind) {
    return new HopUnreachableException(first, "cannot connect to proxy: " + describe(cause), kind, cause);
  }

  /** The connection broke mid-handshake with an error rather than an orderly EOF (e.g. a reset). */
  public static HopUnreachableException lost(HopContext step, Throwable cause) {
    return new HopUnreachableException(
        step, "connection to proxy lost: " + describe(cause), DirectFailure.REFUSED, cause);
  }

  /** How a direct connect failing with {@code cause} looks to an app. */
  public static DirectFailure directFailureOf(Throwable cause) {
    if (cause instanceof SocketTimeoutException) {
      return DirectFailure.TIMEOUT;
    }
    if (cause instanceof NoRouteToHostException) {
      return DirectFailure.NO_ROUTE;
    }
    if (cause instanceof UnknownHostException) {
      return DirectFailure.UNKNOWN_HOST;
    }
    return DirectFailure.REFUSED;
  }

  /** The cause's message without transport decoration, so both runners word a failure the same way. */
  static String describe(Throwable cause) {
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      return cause instanceof IOException ? cause.getClass().getSimpleName() : cause.toString();
    }
    message = SYSCALL_PREFIX.matcher(message).replaceFirst("");
    return ADDRESS_SUFFIX.matcher(message).replaceFirst("");
  }
}
