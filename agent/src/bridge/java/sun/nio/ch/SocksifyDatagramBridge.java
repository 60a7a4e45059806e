package sun.nio.ch;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The bootstrap end of socksify's UDP path: the advice inlined into {@code DatagramChannelImpl} calls these static
 * methods, which forward to the {@link SocksifyDatagramHooks} the agent installed. Defined inside java.base next to
 * {@link SocksifyBridge}, holds nothing but that one reference, and uses JDK types only.
 *
 * <p>Fails closed like {@link SocksifyBridge}: if the hooks themselves throw, the operation fails rather than
 * sending a datagram past the chain.
 */
public final class SocksifyDatagramBridge {
  private static volatile SocksifyDatagramHooks hooks;

  private SocksifyDatagramBridge() {}

  /** Installs the agent's hooks; the first call wins, so a second copy of the agent cannot take over. */
  public static synchronized boolean install(SocksifyDatagramHooks agentHooks) {
    if (hooks != null) {
      return false;
    }
    hooks = agentHooks;
    return true;
  }

  /** See {@link SocksifyDatagramHooks#send}. */
  public static Object send(DatagramChannel channel, FileDescriptor fd, ByteBuffer src, InetSocketAddress target) {
    SocksifyDatagramHooks h = hooks;
    if (h == null) {
      return null;
    }
    try {
      return h.send(channel, fd, src, target);
    } catch (Throwable t) {
      return failure(t);
    }
  }

  /** See {@link SocksifyDatagramHooks#receive}. */
  public static Object receive(DatagramChannel channel, ByteBuffer dst, boolean connected) {
    SocksifyDatagramHooks h = hooks;
    if (h == null) {
      return null;
    }
    try {
      return h.receive(channel, dst, connected);
    } catch (Throwable t) {
      return failure(t);
    }
  }

  /**
   * See {@link SocksifyDatagramHooks#afterReceive}. Only non-negative results reach the hooks; if they fail, the
   * datagram is dropped ({@code IOStatus.UNAVAILABLE}: a blocking caller waits for the next) rather than handed
   * over still wrapped.
   */
  public static int afterReceive(DatagramChannel channel, ByteBuffer dst, int start, int n) {
    SocksifyDatagramHooks h = hooks;
    if (h == null || n < 0) {
      return n;
    }
    try {
      return h.afterReceive(channel, dst, start, n);
    } catch (Throwable t) {
      dst.position(start);
      return IOStatus.UNAVAILABLE;
    }
  }

  /** See {@link SocksifyDatagramHooks#sender}. */
  public static Object sender(DatagramChannel channel) {
    SocksifyDatagramHooks h = hooks;
    if (h == null) {
      return null;
    }
    try {
      return h.sender(channel);
    } catch (Throwable t) {
      return failure(t);
    }
  }

  /** The address a hooked {@code sourceSocketAddress()} returns: the hook's if it answered with one. */
  public static InetSocketAddress address(Object outcome, InetSocketAddress original) {
    return outcome instanceof InetSocketAddress ? (InetSocketAddress) outcome : original;
  }

  /** See {@link SocksifyDatagramHooks#beginWrite}. */
  public static Object beginWrite(DatagramChannel channel, SocketAddress remote) {
    SocksifyDatagramHooks h = hooks;
    if (h == null) {
      return remote;
    }
    try {
      return h.beginWrite(channel, remote);
    } catch (Throwable t) {
      return failure(t);
    }
  }

  /** The address a hooked {@code beginWrite} returns: the hook's answer, {@code null} if it answered with a failure. */
  public static SocketAddress remote(Object outcome) {
    return outcome instanceof SocketAddress ? (SocketAddress) outcome : null;
  }

  /** See {@link SocksifyDatagramHooks#read(DatagramChannel, ByteBuffer)}. */
  public static Object read(DatagramChannel channel, ByteBuffer dst) {
    SocksifyDatagramHooks h = hooks;
    if (h == null) {
      return null;
    }
    try {
      return h.read(channel, dst);
    } catch (Throwable t) {
      return failure(t);
    }
  }

  /** See {@link SocksifyDatagramHooks#read(DatagramChannel, ByteBuffer[], int, int)}. */
  public static Object read(DatagramChannel channel, ByteBuffer[] dsts, int offset, int length) {
    SocksifyDatagramHooks h = hooks;
    if (h == null) {
      return null;
    }
    try {
      return h.read(channel, dsts, offset, length);
    } catch (Throwable t) {
      return failure(t);
    }
  }

  /** See {@link SocksifyDatagramHooks#write(DatagramChannel, ByteBuffer)}. */
  public static Object write(DatagramChannel channel, ByteBuffer src) {
    SocksifyDatagramHooks h = hooks;
    if (h == null) {
      return null;
    }
    try {
      return h.write(channel, src);
    } catch (Throwable t) {
      return failure(t);
    }
  }

  /** See {@link SocksifyDatagramHooks#write(DatagramChannel, ByteBuffer[], int, int)}. */
  public static Object write(DatagramChannel channel, ByteBuffer[] srcs, int offset, int length) {
    SocksifyDatagramHooks h = hooks;
    if (h == null) {
      return null;
    }
    try {
      return h.write(channel, srcs, offset, length);
    } catch (Throwable t) {
      return failure(t);
    }
  }

  /** The value a hooked {@code long} method returns: the hook's result if it answered with one. */
  public static long result(Object outcome, long original) {
    return outcome instanceof Long ? (Long) outcome : original;
  }

  /** See {@link SocksifyDatagramHooks#enterConnect}. */
  public static Object enterConnect(DatagramChannel channel, SocketAddress remote) {
    SocksifyDatagramHooks h = hooks;
    if (h == null) {
      return null;
    }
    try {
      return h.enterConnect(channel, remote);
    } catch (Throwable t) {
      return failure(t);
    }
  }

  /** See {@link SocksifyDatagramHooks#exitConnect}. */
  public static void exitConnect(DatagramChannel channel, Object token, Throwable thrown) {
    SocksifyDatagramHooks h = hooks;
    if (h != null && !(token instanceof Throwable)) {
      try {
        h.exitConnect(channel, token, thrown == null);
      } catch (Throwable ignored) {
        // the connect itself is already decided; nothing useful to add to it
      }
    }
  }

  /** See {@link SocksifyDatagramHooks#disconnected}. */
  public static void disconnected(DatagramChannel channel) {
    SocksifyDatagramHooks h = hooks;
    if (h != null) {
      try {
        h.disconnected(channel);
      } catch (Throwable ignored) {
        // the JDK has disconnected; the agent's view is repaired at the next send
      }
    }
  }

  /** See {@link SocksifyDatagramHooks#closed}. */
  public static void closed(DatagramChannel channel) {
    SocksifyDatagramHooks h = hooks;
    if (h != null) {
      try {
        h.closed(channel);
      } catch (Throwable ignored) {
        // the channel is closed either way; a cleaner ends its association if this failed
      }
    }
  }

  private static IOException failure(Throwable t) {
    SocketException e = new SocketException("socksify: internal error, refusing to send directly: " + t);
    e.initCause(t);
    return e;
  }
}
