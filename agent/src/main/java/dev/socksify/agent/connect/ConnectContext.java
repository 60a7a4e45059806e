package dev.socksify.agent.connect;

import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SelectableChannel;

/**
 * What a connect entry point tells the {@code Net.connect} hook on the same thread: whether the app's thread may
 * block for the whole chain handshake, the app's connect timeout, and whether the JDK left the socket blocking (so
 * the in-band path can put it back the way the JDK expects it after driving it non-blocking).
 *
 * @param mayBlock a blocking {@code Socket} or {@code SocketChannel}; false for non-blocking and async channels
 * @param timeoutNanos the app's connect timeout, 0 for none
 * @param fdMode the socket's blocking mode as the JDK set it before calling {@code Net.connect}
 */
public record ConnectContext(boolean mayBlock, long timeoutNanos, FdMode fdMode) {
  /** How the JDK configured the descriptor: the in-band path restores it after its handshake. */
  public enum FdMode {
    BLOCKING,
    NON_BLOCKING,
    /** An unknown caller: the in-band path leaves the mode alone. */
    UNKNOWN
  }

  /** The context of an unknown caller: treated as blocking, limited only by the hops' own timeouts. */
  public static final ConnectContext UNKNOWN = new ConnectContext(true, 0, FdMode.UNKNOWN);

  /**
   * Classifies the JDK object whose connect method was entered, mirroring how {@code NioSocketImpl} and
   * {@code SocketChannelImpl} (JDK 17 to 25) configure the descriptor: non-blocking for a timed connect and on
   * virtual threads; {@code blockingConnect} (the only channel entry with a timeout, Long.MAX_VALUE for none)
   * always runs non-blocking and restores the mode itself.
   */
  public static ConnectContext of(Object caller, long timeoutNanos, boolean virtualThread) {
    if (caller instanceof AsynchronousSocketChannel) {
      return new ConnectContext(false, 0, FdMode.NON_BLOCKING);
    }
    if (caller instanceof SelectableChannel channel) {
      if (timeoutNanos > 0) {
        return new ConnectContext(true, timeoutNanos == Long.MAX_VALUE ? 0 : timeoutNanos, FdMode.NON_BLOCKING);
      }
      boolean blocking = channel.isBlocking();
      return new ConnectContext(blocking, 0, blocking && !virtualThread ? FdMode.BLOCKING : FdMode.NON_BLOCKING);
    }
    return new ConnectContext(true, timeoutNanos, timeoutNanos > 0 || virtualThread ? FdMode.NON_BLOCKING : FdMode.BLOCKING);
  }
}
