package dev.socksify.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP destination that tells who reached it: each datagram is answered, to its sender, with
 * {@code peer=IP:port } followed by the payload, so a test sees which hop a datagram left from and that the
 * payload arrived intact. IPv6 senders are written in brackets ({@code peer=[::1]:5000 }).
 *
 * <p>An answer that would not fit in one datagram of the server's address family (the payload was already
 * close to the 64 KiB limit) is sent as {@code peer=IP:port len=N} instead; the full datagram is still
 * available through {@link #takeReceived(Duration)}, which keeps the last {@value #KEPT} datagrams received.
 *
 * <p>Binds a loopback address on port 0 (so concurrent tests never collide) and serves on one daemon thread
 * until {@link #close()}.
 */
public final class UdpEchoServer implements AutoCloseable {
  /** How many received datagrams {@link #takeReceived(Duration)} keeps; older ones are discarded. */
  public static final int KEPT = 4096;

  /** Largest UDP payload of one IPv4 datagram: 65535 minus the 20-byte IPv4 and 8-byte UDP headers. */
  private static final int MAX_IPV4_PAYLOAD = 65_507;
  /** Largest UDP payload of one IPv6 datagram without jumbograms: 65535 minus the 8-byte UDP header. */
  private static final int MAX_IPV6_PAYLOAD = 65_527;

  /** One datagram as the server saw it. */
  public record Received(InetSocketAddress sender, byte[] payload) {}

  private final DatagramChannel channel;
  private final InetSocketAddress address;
  private final int maxReply;
  private final BlockingQueue<Received> received = new ArrayBlockingQueue<>(KEPT);
  private final AtomicLong count = new AtomicLong();
  private final Thread thread;

  private UdpEchoServer(InetAddress bindAddress) throws IOException {
    channel = DatagramChannel.open();
    channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
    channel.bind(new InetSocketAddress(bindAddress, 0));
    address = (InetSocketAddress) channel.getLocalAddress();
    maxReply = bindAddress instanceof Inet6Address ? MAX_IPV6_PAYLOAD : MAX_IPV4_PAYLOAD;
    thread = new Thread(this::serve, "udp-echo " + peerString(address));
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts a server on 127.0.0.1, port chosen by the system. */
  public static UdpEchoServer start() throws IOException {
    return start(InetAddress.getLoopbackAddress());
  }

  /** Starts a server on {@code bindAddress} (a loopback address or one inside a test's own namespace), port 0. */
  public static UdpEchoServer start(InetAddress bindAddress) throws IOException {
    return new UdpEchoServer(bindAddress);
  }

  /** Where the server listens. */
  public InetSocketAddress address() {
    return address;
  }

  /** How many datagrams arrived so far. */
  public long count() {
    return count.get();
  }

  /**
   * The oldest datagram received and not yet taken, waiting up to {@code timeout}; {@code null} if none came.
   */
  public Received takeReceived(Duration timeout) throws InterruptedException {
    return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The prefix the server puts before an echoed payload for {@code sender}: {@code peer=IP:port }. */
  public static String prefixFor(InetSocketAddress sender) {
    return "peer=" + peerString(sender) + " ";
  }

  private static String peerString(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    int zone = host.indexOf('%');
    if (zone >= 0) {
      host = host.substring(0, zone);
    }
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  private void serve() {
    // One byte more than any datagram can hold, so a truncated read could be noticed (it cannot happen).
    ByteBuffer in = ByteBuffer.allocateDirect(MAX_IPV6_PAYLOAD + 1);
    try {
      while (true) {
        in.clear();
        InetSocketAddress sender = (InetSocketAddress) channel.receive(in);
        in.flip();
        byte[] payload = new byte[in.remaining()];
        in.get(payload);
        count.incrementAndGet();
        keep(new Received(sender, payload));
        channel.send(ByteBuffer.wrap(reply(sender, payload)), sender);
      }
    } catch (ClosedChannelException e) {
      // closed by close(): the normal end
    } catch (IOException e) {
      if (channel.isOpen()) {
        throw new UncheckedIOException("udp echo " + peerString(address) + " failed", e);
      }
    }
  }

  private void keep(Received datagram) {
    while (!received.offer(datagram)) {
      received.poll();
    }
  }

  private byte[] reply(InetSocketAddress sender, byte[] payload) {
    byte[] prefix = prefixFor(sender).getBytes(StandardCharsets.US_ASCII);
    if (prefix.length + payload.length > maxReply) {
      return ("peer=" + peerString(sender) + " len=" + payload.length).getBytes(StandardCharsets.US_ASCII);
    }
    byte[] reply = Arrays.copyOf(prefix, prefix.length + payload.length);
    System.arraycopy(payload, 0, reply, prefix.length, payload.length);
    return reply;
  }

  @Override
  public void close() throws IOException {
    channel.close();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "udp echo " + peerString(address);
  }
}
