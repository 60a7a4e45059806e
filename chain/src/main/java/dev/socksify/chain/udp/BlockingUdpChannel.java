package dev.socksify.chain.udp;

import dev.socksify.chain.Chain;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

/**
 * A blocking datagram socket whose datagrams go through a {@link UdpAssociation}: {@link #send} wraps a
 * payload for every hop and sends it to hop 1's relay, {@link #receive} unwraps replies and reports the real
 * remote sender. This is what the agent puts under an application's {@code DatagramSocket} or
 * {@code DatagramChannel}.
 *
 * <p>The underlying channel is connected to hop 1's relay, so the kernel drops datagrams from anyone else.
 * Datagrams that are fragments, malformed, or not from the next hop's relay are dropped and counted in
 * {@link #stats()}. When the association ends (closed here, or a proxy dropped a control connection) the
 * channel closes too: a blocked {@link #receive} wakes, and every call throws
 * {@link UdpAssociationClosedException} saying why.
 *
 * <p>One thread may send while another receives; concurrent senders (or receivers) take turns.
 */
public final class BlockingUdpChannel implements AutoCloseable {
  private final UdpAssociation association;
  private final UdpEncapsulation encapsulation;
  private final DatagramChannel channel;
  private final UdpStats stats = new UdpStats();
  private final Object sendLock = new Object();
  private final Object receiveLock = new Object();
  private final ByteBuffer sendBuffer = ByteBuffer.allocate(UdpLimits.RECEIVE_BUFFER);
  // One byte more than any datagram, so a datagram is never truncated before it is unwrapped.
  private final byte[] receiveBuffer = new byte[UdpLimits.RECEIVE_BUFFER + 1];

  private BlockingUdpChannel(UdpAssociation association, DatagramChannel channel) throws IOException {
    this.association = association;
    this.encapsulation = association.encapsulation();
    this.channel = channel;
    channel.configureBlocking(true);
    channel.connect(encapsulation.sendTo());
    association.onClose(reason -> closeQuietly());
  }

  /** Opens an association through {@code chain} and a channel for it. */
  public static BlockingUdpChannel open(Chain chain) throws IOException {
    return open(UdpAssociation.open(chain));
  }

  /**
   * A channel for {@code association} on a new datagram socket (wildcard address of hop 1's relay family,
   * port 0). The channel owns the association from now on: closing one closes the other.
   */
  public static BlockingUdpChannel open(UdpAssociation association) throws IOException {
    boolean v6 = association.encapsulation().sendTo().getAddress() instanceof Inet6Address;
    DatagramChannel channel = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    return over(association, channel);
  }

  /**
   * A channel for {@code association} on {@code channel}, which the caller created (e.g. bound to a chosen
   * port, or exempted from the agent's own hooks). It is connected to hop 1's relay and owned from now on.
   */
  public static BlockingUdpChannel over(UdpAssociation association, DatagramChannel channel) throws IOException {
    try {
      return new BlockingUdpChannel(association, channel);
    } catch (IOException | RuntimeException e) {
      association.close();
      channel.close();
      throw e;
    }
  }

  /**
   * Sends the remaining bytes of {@code payload} to {@code destination} through every hop.
   *
   * @return the payload bytes sent (all of them)
   * @throws DatagramTooLargeException the payload does not fit once wrapped; nothing was sent
   * @throws UdpAssociationClosedException the association has ended
   */
  public int send(ByteBuffer payload, InetSocketAddress destination) throws IOException {
    association.ensureOpen();
    synchronized (sendLock) {
      int size = payload.remaining();
      sendBuffer.clear();
      encapsulation.wrap(destination, payload, sendBuffer);
      sendBuffer.flip();
      try {
        channel.write(sendBuffer);
      } catch (ClosedChannelException | PortUnreachableException e) {
        throw closedOr(e);
      }
      stats.sent();
      return size;
    }
  }

  /** Receives the next reply, waiting as long as it takes; see {@link #receive(ByteBuffer, Duration)}. */
  public InetSocketAddress receive(ByteBuffer destination) throws IOException {
    return receive(destination, Duration.ZERO);
  }

  /**
   * Receives the next reply into {@code destination} and returns its real sender. As with
   * {@code DatagramChannel.receive}, payload bytes that do not fit in {@code destination} are discarded.
   *
   * @param timeout how long to wait at most; zero waits forever
   * @throws SocketTimeoutException nothing arrived within {@code timeout}
   * @throws UdpAssociationClosedException the association has ended (also while waiting)
   */
  public InetSocketAddress receive(ByteBuffer destination, Duration timeout) throws IOException {
    association.ensureOpen();
    long deadline = timeout.isZero() ? 0 : System.nanoTime() + timeout.toNanos();
    synchronized (receiveLock) {
      DatagramPacket packet = new DatagramPacket(receiveBuffer, receiveBuffer.length);
      while (true) {
        try {
          channel.socket().setSoTimeout(deadline == 0 ? 0 : remainingMillis(deadline, timeout));
          channel.socket().receive(packet);
        } catch (SocketTimeoutException e) {
          throw e;
        } catch (IOException e) {
          throw closedOr(e);
        }
        Unwrapped result = encapsulation.unwrap(ByteBuffer.wrap(receiveBuffer, 0, packet.getLength()));
        if (result instanceof Unwrapped.Datagram datagram) {
          ByteBuffer payload = datagram.payload();
          payload.limit(payload.position() + Math.min(payload.remaining(), destination.remaining()));
          destination.put(payload);
          stats.received();
          return datagram.sender();
        }
        stats.dropped(((Unwrapped.Dropped) result).reason());
      }
    }
  }

  private static int remainingMillis(long deadline, Duration timeout) throws SocketTimeoutException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("no datagram within " + timeout.toMillis() + " ms");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  /** The ended association's reason when it has ended (that is why the channel failed), else {@code e}. */
  private IOException closedOr(IOException e) {
    String reason = association.closedBecause();
    if (reason == null) {
      return e;
    }
    UdpAssociationClosedException closed = new UdpAssociationClosedException(reason);
    closed.initCause(e);
    return closed;
  }

  /** The largest payload {@link #send} takes for {@code destination}. */
  public int maxPayload(InetSocketAddress destination) {
    return encapsulation.maxPayload(destination);
  }

  /** The local address datagrams leave from. */
  public InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  /** The association under this channel. */
  public UdpAssociation association() {
    return association;
  }

  /** Datagrams sent, received and dropped. */
  public UdpStats stats() {
    return stats;
  }

  public boolean isOpen() {
    return association.isOpen() && channel.isOpen();
  }

  /** Closes the association (its control connections) and the channel. Idempotent. */
  @Override
  public void close() throws IOException {
    association.close();
    channel.close();
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException e) {
      // The association has ended either way; the channel's close error changes nothing for the caller.
    }
  }

  @Override
  public String toString() {
    return "udp channel " + association;
  }
}
