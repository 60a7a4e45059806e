package sun.nio.ch;

import java.io.FileDescriptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * What socksify's agent plugs into the datagram bridge: the UDP path of {@code DatagramChannelImpl}, which also
 * carries every {@code DatagramSocket} since JDK 15. JDK types only, like {@link SocksifyHooks}, and the same rule:
 * implementations never throw; a failure is returned as the {@code Throwable} the hooked method must throw.
 *
 * <p>Methods answering {@code Object} return {@code null} to let the JDK method run as it is, a number to return
 * instead of running it, or a {@code Throwable} to throw instead.
 */
public interface SocksifyDatagramHooks {
  /** The private {@code send(FileDescriptor, ByteBuffer, InetSocketAddress)}: one unconnected send. */
  Object send(DatagramChannel channel, FileDescriptor fd, ByteBuffer src, InetSocketAddress target);

  /** The private {@code receive(ByteBuffer, boolean)}: one receive into {@code dst}, {@code Integer} bytes. */
  Object receive(DatagramChannel channel, ByteBuffer dst, boolean connected);

  /**
   * The JDK's own {@code receive(ByteBuffer, boolean)} (after {@link #receive} answered {@code null}) put {@code n}
   * bytes into {@code dst} at {@code start}.
   *
   * @return the result the receive returns instead (normally {@code n})
   */
  int afterReceive(DatagramChannel channel, ByteBuffer dst, int start, int n);

  /**
   * The private {@code sourceSocketAddress()}, which names the sender of the datagram just received.
   *
   * @return the sender to report instead, or {@code null} for the JDK's own
   */
  Object sender(DatagramChannel channel);

  /**
   * The private {@code beginWrite}, which every send and write passes, returned {@code remote} (the connected
   * address, or null).
   *
   * @return the address it returns instead ({@code null} turns a connected send into an unconnected one, which
   *     {@link #send} then sees), or a {@code Throwable} to throw: every write refused
   */
  Object beginWrite(DatagramChannel channel, SocketAddress remote);

  /** {@code read(ByteBuffer)}: {@code Integer} bytes. */
  Object read(DatagramChannel channel, ByteBuffer dst);

  /** {@code read(ByteBuffer[], int, int)}: {@code Long} bytes. */
  Object read(DatagramChannel channel, ByteBuffer[] dsts, int offset, int length);

  /** {@code write(ByteBuffer)}: {@code Integer} bytes. */
  Object write(DatagramChannel channel, ByteBuffer src);

  /** {@code write(ByteBuffer[], int, int)}: {@code Long} bytes. */
  Object write(DatagramChannel channel, ByteBuffer[] srcs, int offset, int length);

  /**
   * {@code connect(SocketAddress, boolean)} starts; the {@code Net.connect} it makes on this thread comes next.
   *
   * @return an {@code IOException} to throw instead of connecting, or a token for {@link #exitConnect}
   */
  Object enterConnect(DatagramChannel channel, SocketAddress remote);

  /** The connect {@link #enterConnect} saw returns ({@code connected}) or throws. */
  void exitConnect(DatagramChannel channel, Object token, boolean connected);

  /** {@code disconnect()} returned. */
  void disconnected(DatagramChannel channel);

  /** {@code implCloseSelectableChannel()} ran: the channel (or the {@code DatagramSocket} on it) is closed. */
  void closed(DatagramChannel channel);
}
