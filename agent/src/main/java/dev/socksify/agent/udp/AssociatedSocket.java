package dev.socksify.agent.udp;

import dev.socksify.chain.Chain;
import dev.socksify.chain.udp.DatagramTooLargeException;
import dev.socksify.chain.udp.UdpAssociation;
import dev.socksify.chain.udp.UdpLimits;
import dev.socksify.chain.udp.UdpStats;
import dev.socksify.chain.udp.Unwrapped;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the agent keeps for one app socket ({@code DatagramChannel} or {@code DatagramSocket}) that has sent
 * through a chain: its UDP associations (one per chain it used, usually one), whether and where it is connected,
 * and the sender of the datagram it received last. The app's own socket carries the datagrams to and from hop 1's
 * relay: no relay thread, and no copy beyond the wrap and unwrap, which use the JDK's temporary direct buffers as
 * the JDK does for a heap buffer.
 *
 * <p>Receives run under the JDK channel's read lock, so the last sender has one writer; the association list is
 * replaced as a whole, so receivers read it without a lock.
 */
final class AssociatedSocket {
  /** How a connected socket is connected. */
  sealed interface Connection {}

  /** Connected straight to {@code destination}, as the rules say: the JDK does it all, the hooks stand aside. */
  record Direct(InetSocketAddress destination) implements Connection {}

  /**
   * Connected to {@code destination} through {@code association}: the socket itself is connected to hop 1's relay
   * and accepts only datagrams the relay says came from there.
   *
   * @param destination what the app connected to, which its answers are reported from
   * @param wrapTo where datagrams are addressed in their headers: {@code destination}, or for a fake address the
   *     name behind it (unresolved), in which case any address of the name may answer, on its port
   */
  record Via(InetSocketAddress destination, InetSocketAddress wrapTo, Chain chain, UdpAssociation association)
      implements Connection {
    boolean answeredBy(InetSocketAddress sender) {
      return wrapTo.isUnresolved() ? wrapTo.getPort() == sender.getPort() : wrapTo.equals(sender);
    }

    Via over(UdpAssociation replacement) {
      return new Via(destination, wrapTo, chain, replacement);
    }
  }

  private record Entry(Chain chain, UdpAssociation association) {}

  // One byte more than any datagram, so a datagram is never truncated before it is unwrapped.
  private static final int RECEIVE_SIZE = UdpLimits.RECEIVE_BUFFER + 1;

  private final String app;
  private final UdpStats stats = new UdpStats();
  private final AtomicLong notFromDestination = new AtomicLong();
  private volatile List<Entry> entries = List.of();
  private volatile Connection connection;
  private volatile boolean closed;
  private volatile FakePeers fakes;
  private InetSocketAddress sender;

  AssociatedSocket(String app) {
    this.app = app;
  }

  /** The thread that first sent through the chain, for the debug log. */
  String app() {
    return app;
  }

  Connection connection() {
    return connection;
  }

  /** The fake addresses this socket sent to, created at the first. */
  synchronized FakePeers fakes() {
    if (fakes == null) {
      fakes = new FakePeers();
    }
    return fakes;
  }

  void connection(Connection connection) {
    this.connection = connection;
  }

  /**
   * The open association through {@code chain}, opened now if there is none or the last one ended (a proxy
   * dropped its control connection). Blocks while opening: one TCP connection per hop, within the hops' timeouts.
   *
   * @param opened told about a newly opened association, for the debug log
   */
  synchronized UdpAssociation association(Chain chain, AssociationOpener opener, Consumer<UdpAssociation> opened)
      throws IOException {
    List<Entry> kept = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.chain().equals(chain) && entry.association().isOpen()) {
        return entry.association();
      }
      if (entry.association().isOpen()) {
        kept.add(entry);
      }
    }
    if (closed) {
      throw new ClosedChannelException();
    }
    UdpAssociation association = opener.open(chain);
    kept.add(new Entry(chain, association));
    entries = List.copyOf(kept);
    opened.accept(association);
    return association;
  }

  /**
   * Wraps {@code src}'s remaining bytes for {@code target} and sends them to hop 1's relay of {@code association}
   * on the app's socket {@code fd}. All or nothing, like a datagram send.
   *
   * @return the payload bytes sent, or {@link JdkDatagrams#UNAVAILABLE} (nothing consumed)
   * @throws SocketException {@code Message too long: ...}: the wrapped datagram would not fit (the EMSGSIZE of a
   *     direct send, with the limit through this chain); nothing was sent
   */
  int send(JdkDatagrams jdk, DatagramChannel channel, FileDescriptor fd, ByteBuffer src, InetSocketAddress target,
      UdpAssociation association) throws IOException {
    int start = src.position();
    // a payload too large is refused by wrap before anything is written, so the buffer never needs more room
    ByteBuffer out = jdk.temporaryBuffer(
        (int) Math.min((long) association.encapsulation().overhead(target) + src.remaining(), RECEIVE_SIZE));
    try {
      association.encapsulation().wrap(target, src, out);
      out.flip();
      int n = jdk.send(channel, fd, out, association.encapsulation().sendTo());
      if (n < 0) {
        src.position(start);
        return n;
      }
      stats.sent();
      return src.position() - start;
    } catch (DatagramTooLargeException e) {
      // the JDK's own type, as a direct send's EMSGSIZE is: the engine's class is relocated inside the agent
      SocketException tooLarge = new SocketException(e.getMessage());
      tooLarge.initCause(e);
      throw tooLarge;
    } finally {
      jdk.release(out);
    }
  }

  /**
   * Sends {@code src}'s remaining bytes unwrapped to {@code resolved}: the address a name behind a fake address
   * resolved to here, because a rule sends it direct.
   *
   * @return the bytes sent, or {@link JdkDatagrams#UNAVAILABLE} (nothing consumed)
   */
  int sendDirect(JdkDatagrams jdk, DatagramChannel channel, FileDescriptor fd, ByteBuffer src,
      InetSocketAddress resolved) throws IOException {
    int start = src.position();
    ByteBuffer out = jdk.temporaryBuffer(src.remaining());
    try {
      out.put(src.duplicate()).flip();
      int n = jdk.send(channel, fd, out, resolved);
      if (n >= 0) {
        src.position(start + n);
      }
      return n;
    } finally {
      jdk.release(out);
    }
  }

  /**
   * Receives the next datagram the app may see into {@code dst}: unwrapped when it comes from one of this
   * socket's relays, as it is when it comes from a sender the rules send direct (unconnected sockets only);
   * anything else is dropped and counted, and the next datagram read. {@link #sender()} then names its sender.
   *
   * @return payload bytes put into {@code dst} (the rest of a larger datagram is discarded, as the JDK does), or a
   *     negative {@code IOStatus} from the socket (nothing there yet, interrupted)
   */
  int receive(JdkDatagrams jdk, DatagramChannel channel, ByteBuffer dst, boolean connected, UdpRouter router)
      throws IOException {
    Via only = connection instanceof Via via ? via : null;
    ByteBuffer in = jdk.temporaryBuffer(RECEIVE_SIZE);
    try {
      return receive(jdk, channel, in, dst, connected, only, router);
    } finally {
      jdk.release(in);
    }
  }

  private int receive(JdkDatagrams jdk, DatagramChannel channel, ByteBuffer in, ByteBuffer dst, boolean connected,
      Via only, UdpRouter router) throws IOException {
    while (true) {
      in.clear().limit(RECEIVE_SIZE);
      // cleared first: the JDK's sourceSocketAddress, asked below, reports its own answer while this is null
      sender = null;
      int n = jdk.receive(channel, in, connected);
      if (n < 0) {
        return n;
      }
      InetSocketAddress from = jdk.sender(channel);
      in.flip();
      InetSocketAddress realSender;
      ByteBuffer payload;
      UdpAssociation association = associationFrom(from);
      if (association != null) {
        Unwrapped unwrapped = association.encapsulation().unwrap(in);
        if (unwrapped instanceof Unwrapped.Dropped dropped) {
          stats.dropped(dropped.reason());
          continue;
        }
        Unwrapped.Datagram datagram = (Unwrapped.Datagram) unwrapped;
        realSender = answerThroughChain(datagram.sender(), only);
        payload = datagram.payload();
      } else {
        realSender = only == null ? directAnswer(from, router) : null;
        if (realSender == null) {
          stats.dropped(Unwrapped.Reason.NOT_FROM_RELAY);
          continue;
        }
        payload = in;
      }
      if (realSender == null) {
        notFromDestination.incrementAndGet();
        continue;
      }
      int k = Math.min(payload.remaining(), dst.remaining());
      payload.limit(payload.position() + k);
      dst.put(payload);
      sender = realSender;
      stats.received();
      return k;
    }
  }

  /**
   * Repairs a datagram the JDK's own receive put into {@code dst} at {@code start} (its {@code n} bytes end at
   * {@code dst}'s position) because the receive began before this socket had an association: a thread blocked in
   * receive while another sent the first datagram through the chain. It is unwrapped in place, passed as it is,
   * or dropped, as {@link #receive} would have done (a datagram the app's buffer truncated loses the tail of its
   * payload, since the headers took room).
   *
   * @return the payload bytes now in {@code dst}, or {@link JdkDatagrams#UNAVAILABLE} for a dropped datagram, which
   *     makes a blocking caller wait for the next one
   */
  int repair(JdkDatagrams jdk, DatagramChannel channel, ByteBuffer dst, int start, int n, UdpRouter router)
      throws IOException {
    sender = null;
    InetSocketAddress from = jdk.sender(channel);
    Via only = connection instanceof Via via ? via : null;
    UdpAssociation association = associationFrom(from);
    if (association == null) {
      InetSocketAddress direct = only == null ? directAnswer(from, router) : null;
      if (direct == null) {
        stats.dropped(Unwrapped.Reason.NOT_FROM_RELAY);
        dst.position(start);
        return JdkDatagrams.UNAVAILABLE;
      }
      sender = direct;
      return n;
    }
    ByteBuffer datagram = dst.duplicate();
    datagram.limit(dst.position()).position(start);
    Unwrapped unwrapped = association.encapsulation().unwrap(datagram.slice());
    dst.position(start);
    if (unwrapped instanceof Unwrapped.Dropped dropped) {
      stats.dropped(dropped.reason());
      return JdkDatagrams.UNAVAILABLE;
    }
    Unwrapped.Datagram reply = (Unwrapped.Datagram) unwrapped;
    InetSocketAddress realSender = answerThroughChain(reply.sender(), only);
    if (realSender == null) {
      notFromDestination.incrementAndGet();
      return JdkDatagrams.UNAVAILABLE;
    }
    // the payload overlaps where it goes: copy it out first
    byte[] payload = new byte[reply.payload().remaining()];
    reply.payload().get(payload);
    dst.put(payload);
    sender = realSender;
    stats.received();
    return payload.length;
  }

  /** The sender of the datagram {@link #receive} returned last; {@code null} while a receive is under way. */
  InetSocketAddress sender() {
    return sender;
  }

  /**
   * Who the app is told sent an answer that came through the chain from {@code sender}: the destination it is
   * connected to, else the fake address it sent to for the name that answered, else {@code sender}; {@code null}
   * for an answer the app must not see (not from the connected destination, or a sender reported by name, which a
   * {@code DatagramPacket} cannot hold).
   */
  private InetSocketAddress answerThroughChain(InetSocketAddress sender, Via only) {
    if (only != null) {
      return only.answeredBy(sender) ? only.destination() : null;
    }
    if (sender.isUnresolved()) {
      return null;
    }
    FakePeers peers = fakes;
    InetSocketAddress fake = peers == null ? null : peers.throughChain(sender);
    return fake != null ? fake : sender;
  }

  /**
   * Who the app is told sent a datagram that came straight from {@code from} to an unconnected socket: {@code from}
   * if the rules send it direct, the fake address the app sent to if a name it used resolved to it here, else
   * {@code null} (dropped: what comes from behind the chain comes through the relay).
   */
  private InetSocketAddress directAnswer(InetSocketAddress from, UdpRouter router) {
    FakePeers peers = fakes;
    InetSocketAddress fake = peers == null ? null : peers.direct(from);
    if (fake != null) {
      return fake;
    }
    return router.isDirect(from) ? from : null;
  }

  private UdpAssociation associationFrom(InetSocketAddress source) {
    for (Entry entry : entries) {
      if (entry.association().encapsulation().isFromFirstRelay(source)) {
        return entry.association();
      }
    }
    return null;
  }

  /** Closes every association; the socket closed. Idempotent. */
  void close() {
    List<Entry> ended;
    synchronized (this) {
      closed = true;
      ended = entries;
      entries = List.of();
    }
    for (Entry entry : ended) {
      entry.association().close();
    }
  }

  /** {@code 12 sent, 11 received, 1 dropped (MALFORMED=1)} for the debug log. */
  String summary() {
    long dropped = stats.dropped().values().stream().mapToLong(Long::longValue).sum() + notFromDestination.get();
    return stats.sentCount() + " sent, " + stats.receivedCount() + " received, " + dropped + " dropped"
        + (dropped == 0 ? "" : " (" + stats.dropped() + ", not from the destination=" + notFromDestination + ")");
  }
}
