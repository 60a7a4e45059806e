package sun.nio.ch;

import java.io.FileDescriptor;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;

/**
 * What socksify's agent plugs into the bridge. It is defined inside java.base next to {@link Net} and speaks JDK
 * types only, because the advice inlined into JDK classes can see nothing else. Implementations never throw: a
 * failure is returned as the {@code Throwable} the hooked JDK method must throw.
 */
public interface SocksifyHooks {
  /**
   * A TCP (or UDP) connect reached {@code Net.connect}.
   *
   * @return {@code null} to let the JDK connect {@code fd} to {@code remote} itself; an {@code Integer} to return
   *     instead of connecting (1 connected, or {@code IOStatus.UNAVAILABLE} in progress); an {@code IOException}
   *     to throw instead
   */
  Object connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port);

  /**
   * A public connect entry point ({@code NioSocketImpl.connect}, {@code SocketChannelImpl.connect} or
   * {@code blockingConnect}, the async channel's {@code implConnect}) starts, so the next {@link #connect} on this
   * thread knows whether its caller may block and for how long.
   *
   * @param caller the socket impl or channel
   * @param timeoutNanos the caller's connect timeout: 0 for none, except from {@code blockingConnect}, which passes
   *     its own argument (always positive, {@code Long.MAX_VALUE} for none)
   * @return an {@code IOException} to throw instead of connecting, or a token for {@link #exitConnect}
   */
  Object enterConnect(Object caller, SocketAddress remote, long timeoutNanos);

  /** The entry point that {@link #enterConnect} saw returns or throws; {@code token} is what it returned. */
  void exitConnect(Object token);
}
