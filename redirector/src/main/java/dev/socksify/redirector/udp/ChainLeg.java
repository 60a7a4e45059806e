package dev.socksify.redirector.udp;

import dev.socksify.chain.Chain;
import dev.socksify.chain.udp.UdpAssociation;
import dev.socksify.chain.udp.UdpUnsupportedException;
import dev.socksify.chain.udp.netty.UdpEncapsulationCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.Future;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * A flow's datagrams through one chain: a SOCKS5 UDP association through every hop (opened on the flow's loop,
 * never blocking it), and a marked socket that sends wrapped datagrams to hop 1's relay and reads the wrapped
 * replies. Datagrams that arrive while the association opens wait in a small queue.
 *
 * <p>Failures end in one log line per flow: a hop that cannot carry UDP (HTTP, SOCKS4, a SOCKS5 proxy without UDP)
 * is final for the flow; any other failure (hop down, refused) is retried by the next datagram after
 * {@link #RETRY_NANOS}. When a proxy ends the association, the next datagram opens a new one.
 */
final class ChainLeg implements Leg {
  /** Datagrams held while the association opens; more are dropped, as a full socket buffer would. */
  static final int MAX_QUEUED = 64;
  static final int MAX_QUEUED_BYTES = 256 * 1024;
  /** How long datagrams are dropped after a failed attempt before the next one tries again. */
  static final long RETRY_NANOS = 2_000_000_000L;

  private final UdpFlow flow;
  private final Chain chain;
  private final String via;
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private int queuedBytes;
  private Future<UdpAssociation> opening;
  private UdpAssociation association;
  private EpollDatagramChannel channel;
  private long failedUntil;
  private boolean closed;

  ChainLeg(UdpFlow flow, Chain chain) {
    this.flow = flow;
    this.chain = chain;
    this.via = UdpRoute.describe(chain);
  }

  @Override
  public void send(InetSocketAddress target, InetSocketAddress original, ByteBuf payload) {
    if (channel != null) {
      write(new DatagramPacket(payload, target), original);
      return;
    }
    if (failedUntil != 0 && System.nanoTime() - failedUntil < 0) {
      payload.release();
      flow.relay().counters().drop();
      return;
    }
    if (queue.size() >= MAX_QUEUED || queuedBytes + payload.readableBytes() > MAX_QUEUED_BYTES) {
      payload.release();
      flow.relay().counters().drop();
      return;
    }
    queue.add(new Queued(payload, target, original));
    queuedBytes += payload.readableBytes();
    if (opening == null) {
      open(original);
    }
  }

  private void open(InetSocketAddress original) {
    failedUntil = 0;
    Future<UdpAssociation> attempt = flow.relay().associator().open(chain, flow.loop());
    opening = attempt;
    attempt.addListener(f -> opened(attempt, original));
  }

  private void opened(Future<UdpAssociation> attempt, InetSocketAddress original) {
    if (attempt != opening) {
      return;
    }
    opening = null;
    if (!attempt.isSuccess()) {
      if (!attempt.isCancelled()) {
        failed(attempt.cause(), original);
      }
      return;
    }
    UdpAssociation opened = attempt.getNow();
    if (closed) {
      opened.close();
      return;
    }
    InetSocketAddress relay = opened.encapsulation().sendTo();
    EpollDatagramChannel socket;
    try {
      socket = flow.relay().sockets().udp(relay.getAddress());
    } catch (RuntimeException e) {
      opened.close();
      failed(e, original);
      return;
    }
    socket.pipeline().addLast(new UdpEncapsulationCodec(opened.encapsulation(), flow.relay().encapsulationStats()),
        new ReplyReader(flow));
    flow.loop().register(socket);
    socket.bind(new InetSocketAddress(relay.getAddress() instanceof Inet4Address ? "0.0.0.0" : "::", 0));
    association = opened;
    channel = socket;
    // the association ends when a proxy drops a control connection: the next datagram opens a new one
    opened.onClose(reason -> flow.loop().execute(() -> ended(opened, reason)));
    socket.closeFuture().addListener(f -> opened.close());
    flow.opened(original, via);
    while (!queue.isEmpty()) {
      Queued queued = queue.poll();
      write(new DatagramPacket(queued.payload(), queued.target()), queued.original());
    }
    queuedBytes = 0;
  }

  private void write(DatagramPacket packet, InetSocketAddress original) {
    channel.writeAndFlush(packet)
        .addListener(flow.relay().counters().sendWritten())
        .addListener((ChannelFutureListener) f -> {
          if (!f.isSuccess()) {
            Throwable cause = f.cause().getCause() != null ? f.cause().getCause() : f.cause();
            flow.problem("send " + chain.name(), original, via, "datagram not sent: " + cause.getMessage());
          }
        });
  }

  private void failed(Throwable cause, InetSocketAddress original) {
    boolean unsupported = cause instanceof UdpUnsupportedException;
    if (unsupported) {
      flow.relay().counters().unsupportedFlow();
      failedUntil = Long.MAX_VALUE;
      flow.problem("chain " + chain.name(), original, via, "no UDP: " + cause.getMessage());
    } else {
      flow.relay().counters().failedFlow();
      failedUntil = System.nanoTime() + RETRY_NANOS;
      flow.problem("chain " + chain.name(), original, via, "UDP association failed: " + message(cause));
    }
    dropQueue();
  }

  private void ended(UdpAssociation which, String reason) {
    if (which != association) {
      return;
    }
    association = null;
    if (channel != null) {
      channel.close();
      channel = null;
    }
    if (!closed) {
      flow.ended(via, "UDP association ended: " + reason);
    }
  }

  private void dropQueue() {
    while (!queue.isEmpty()) {
      queue.poll().payload().release();
      flow.relay().counters().drop();
    }
    queuedBytes = 0;
  }

  /** A datagram waiting for the association. */
  private record Queued(ByteBuf payload, InetSocketAddress target, InetSocketAddress original) {}

  private static String message(Throwable cause) {
    String m = cause.getMessage();
    return m == null || m.isBlank() ? cause.getClass().getSimpleName() : m;
  }

  @Override
  public void close() {
    closed = true;
    if (opening != null) {
      opening.cancel(false);
      opening = null;
    }
    if (channel != null) {
      channel.close();
      channel = null;
    }
    if (association != null) {
      association.close();
      association = null;
    }
    dropQueue();
  }
}
