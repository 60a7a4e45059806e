package dev.socksify.redirector.udp;

import dev.socksify.chain.Addresses;
import dev.socksify.redirector.Log;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The sockets replies leave from, one per source address and event loop: transparent, bound to the address the
 * client sent to (or, for a server answering from elsewhere, the address it answered from), so the reply looks as
 * it would without the redirector, and a connected client socket accepts it. Unused sockets close after the idle
 * timeout. Confined to one event loop: every method runs on it.
 */
final class ReplySockets {
  private final EventLoop loop;
  private final MarkedSockets sockets;
  private final long idleNanos;
  private final UdpCounters counters;
  private final Map<InetSocketAddress, Entry> bySource = new HashMap<>();
  private final Set<InetSocketAddress> failedOnce = new HashSet<>();
  private boolean sweeping;

  private static final class Entry {
    final EpollDatagramChannel channel;
    long lastUsed;

    Entry(EpollDatagramChannel channel, long now) {
      this.channel = channel;
      this.lastUsed = now;
    }
  }

  ReplySockets(EventLoop loop, MarkedSockets sockets, long idleNanos, UdpCounters counters) {
    this.loop = loop;
    this.sockets = sockets;
    this.idleNanos = idleNanos;
    this.counters = counters;
  }

  /** Sends {@code payload} to {@code client} from {@code source}; takes ownership of the payload. */
  void send(InetSocketAddress source, InetSocketAddress client, ByteBuf payload) {
    if ((source.getAddress() instanceof Inet4Address) != (client.getAddress() instanceof Inet4Address)) {
      payload.release();
      counters.drop();
      return;
    }
    Entry entry = bySource.get(source);
    long now = System.nanoTime();
    if (entry == null || !entry.channel.isOpen()) {
      entry = open(source, now);
      if (entry == null) {
        payload.release();
        counters.drop();
        return;
      }
    }
    entry.lastUsed = now;
    entry.channel.writeAndFlush(new DatagramPacket(payload, client)).addListener(counters.replyWritten());
  }

  private Entry open(InetSocketAddress source, long now) {
    EpollDatagramChannel channel;
    try {
      channel = sockets.transparent(source.getAddress());
    } catch (RuntimeException e) {
      failed(source, e);
      return null;
    }
    channel.pipeline().addLast(new Discard());
    // registering and binding on the channel's own loop complete before these calls return
    loop.register(channel);
    channel.bind(source).addListener((ChannelFutureListener) bound -> {
      if (!bound.isSuccess()) {
        failed(source, bound.cause());
        channel.close();
      }
    });
    if (!channel.isOpen()) {
      return null;
    }
    Entry entry = new Entry(channel, now);
    bySource.put(source, entry);
    scheduleSweep();
    return entry;
  }

  private void failed(InetSocketAddress source, Throwable cause) {
    if (failedOnce.size() < 1024 && failedOnce.add(source)) {
      Log.warn("cannot send UDP replies from " + Addresses.format(source) + ": " + cause.getMessage());
    }
  }

  private void scheduleSweep() {
    if (!sweeping) {
      sweeping = true;
      loop.schedule(this::sweep, idleNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void sweep() {
    sweeping = false;
    long now = System.nanoTime();
    for (Iterator<Entry> it = bySource.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (now - entry.lastUsed >= idleNanos || !entry.channel.isOpen()) {
        entry.channel.close();
        it.remove();
      }
    }
    if (!bySource.isEmpty()) {
      scheduleSweep();
    }
  }

  /** Closes every socket (shutdown). */
  void closeAll() {
    bySource.values().forEach(e -> e.channel.close());
    bySource.clear();
  }

  /** Whatever arrives at a reply socket is nobody's: replies come back through the flows' own sockets. */
  private static final class Discard extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // ICMP errors for replies (the client went away) are no concern of the socket's
    }
  }
}
