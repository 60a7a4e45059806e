package sun.nio.ch;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;

/**
 * The bootstrap end of socksify's agent: the inlined advice calls these static methods, which forward to the
 * {@link SocksifyHooks} the agent installed. Defined by the agent inside java.base (so code in java.base can link to
 * it), holds nothing but that one reference, and uses JDK types only.
 *
 * <p>Every method fails closed: if the hooks themselves throw, the connect fails rather than going direct.
 */
public final class SocksifyBridge {
  private static volatile SocksifyHooks hooks;

  private SocksifyBridge() {}

  /** Installs the agent's hooks; the first call wins, so a second copy of the agent cannot take over. */
  public static synchronized boolean install(SocksifyHooks agentHooks) {
    if (hooks != null) {
      return false;
    }
    hooks = agentHooks;
    return true;
  }

  /** Advice on {@code Net.connect}: see {@link SocksifyHooks#connect}. */
  public static Object connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port) {
    SocksifyHooks h = hooks;
    if (h == null) {
      return null;
    }
    try {
      return h.connect(family, fd, remote, port);
    } catch (Throwable t) {
      return failure(t);
    }
  }

  /** Advice on the connect entry points: see {@link SocksifyHooks#enterConnect}. */
  public static Object enterConnect(Object caller, SocketAddress remote, long timeoutNanos) {
    SocksifyHooks h = hooks;
    if (h == null) {
      return null;
    }
    try {
      return h.enterConnect(caller, remote, timeoutNanos);
    } catch (Throwable t) {
      return failure(t);
    }
  }

  /** Advice on the connect entry points' exit: see {@link SocksifyHooks#exitConnect}. */
  public static void exitConnect(Object token) {
    SocksifyHooks h = hooks;
    if (h != null && !(token instanceof Throwable)) {
      try {
        h.exitConnect(token);
      } catch (Throwable ignored) {
        // the connect itself is already decided; nothing useful to add to it
      }
    }
  }

  /** The value a hooked {@code int} method returns: the hook's result if it answered with one. */
  public static int result(Object outcome, int original) {
    return outcome instanceof Integer ? (Integer) outcome : original;
  }

  /** The throwable a hooked method throws: the hook's failure if it answered with one. */
  public static Throwable thrown(Object outcome, Throwable original) {
    return outcome instanceof Throwable ? (Throwable) outcome : original;
  }

  private static IOException failure(Throwable t) {
    ConnectException e = new ConnectException("socksify: internal error, refusing to connect directly: " + t);
    e.initCause(t);
    return e;
  }
}
