package sun.nio.ch;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/**
 * The bootstrap end of socksify's agent: the inlined advice calls these static methods, which forward to the
 * {@link SocksifyHooks} the agent installed. Defined by the agent inside java.base (so code in java.base can link to
 * it), holds nothing but that one reference, and uses JDK types only.
 *
 * <p>Every method fails closed: if the hooks themselves throw, the connect fails rather than going direct.
 */
public final class SocksifyBridge {
  private static volatile SocksifyHooks hooks;
  private static volatile SocksifyNameHooks names;

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

  /** Installs the agent's name hooks (remote DNS); the first call wins, as for {@link #install}. */
  public static synchronized boolean installNames(SocksifyNameHooks agentNames) {
    if (names != null) {
      return false;
    }
    names = agentNames;
    return true;
  }

  /**
   * Advice on {@code InetAddress.getAddressesFromNameService}: see {@link SocksifyNameHooks#lookup}. Fails closed: if
   * the hooks throw, the lookup fails rather than reaching a resolver.
   */
  public static Object lookup(String host) {
    SocksifyNameHooks n = names;
    if (n == null) {
      return null;
    }
    try {
      return n.lookup(host);
    } catch (Throwable t) {
      UnknownHostException e =
          new UnknownHostException("socksify: internal error, refusing to resolve " + host + " here: " + t);
      e.initCause(t);
      return e;
    }
  }

  /** The addresses a hooked lookup returns: the hooks' answer if they gave one. */
  public static InetAddress[] addresses(Object outcome, InetAddress[] original) {
    return outcome instanceof InetAddress[] ? (InetAddress[]) outcome : original;
  }

  /** Advice on {@code InetAddress.getHostFromNameService}: see {@link SocksifyNameHooks#reverseLookup}. */
  public static String reverseLookup(InetAddress address) {
    SocksifyNameHooks n = names;
    if (n == null) {
      return null;
    }
    try {
      return n.reverseLookup(address);
    } catch (Throwable t) {
      // a reverse lookup reveals no name the app wants to hide: the JDK's own answer is safe
      return null;
    }
  }

  private static IOException failure(Throwable t) {
    ConnectException e = new ConnectException("socksify: internal error, refusing to connect directly: " + t);
    e.initCause(t);
    return e;
  }
}
