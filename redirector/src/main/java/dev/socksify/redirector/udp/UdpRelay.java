package dev.socksify.redirector.udp;

import dev.socksify.chain.udp.UdpStats;
import dev.socksify.chain.udp.netty.NettyUdpAssociator;
import dev.socksify.redirector.Log;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands each redirected datagram to its flow, making flows as clients appear: a flow lives on one worker loop
 * (chosen round-robin), so its association, sockets and timers need no locks, and the datagrams of one client socket
 * keep their order. Called from the listener's threads (the IPv4 socket's loop, the IPv6 reader).
 */
final class UdpRelay implements Arrivals {
  /** Flows at once; beyond it datagrams from new client sockets are dropped (each flow may hold proxy connections). */
  static final int MAX_FLOWS = 16384;

  private final UdpRoutes routes;
  private final EventLoopGroup workers;
  private final MarkedSockets sockets;
  private final NettyUdpAssociator associator;
  private final long idleNanos;
  private final UdpCounters counters;
  private final UdpStats encapsulationStats = new UdpStats();
  private final List<Integer> listenerPorts;
  private final ConcurrentHashMap<FlowKey, UdpFlow> flows = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<EventLoop, ReplySockets> replies = new ConcurrentHashMap<>();
  private final AtomicBoolean warnedFull = new AtomicBoolean();
  private final AtomicBoolean warnedDirect = new AtomicBoolean();

  /** @param listenerPorts the listener's own port: a datagram sent to it was not redirected */
  UdpRelay(UdpRoutes routes, EventLoopGroup workers, MarkedSockets sockets, NettyUdpAssociator associator,
      Duration idle, UdpCounters counters, List<Integer> listenerPorts) {
    this.routes = routes;
    this.workers = workers;
    this.sockets = sockets;
    this.associator = associator;
    this.idleNanos = idle.toNanos();
    this.counters = counters;
    this.listenerPorts = List.copyOf(listenerPorts);
  }

  @Override
  public void arrived(InetSocketAddress client, InetSocketAddress original, ByteBuf payload) {
    if (original.getAddress().isLoopbackAddress() && listenerPorts.contains(original.getPort())) {
      // sent to the listener itself, not redirected: there is no destination to relay it to
      payload.release();
      counters.drop();
      if (warnedDirect.compareAndSet(false, true)) {
        Log.warn("UDP datagram sent to the listener itself (from " + client + ") dropped: not a redirected one");
      }
      return;
    }
    FlowKey key = new FlowKey(client, routes.isFake(original) ? original : null);
    UdpFlow flow = flows.get(key);
    if (flow == null) {
      flow = newFlow(key);
      if (flow == null) {
        payload.release();
        counters.drop();
        return;
      }
    }
    UdpFlow target = flow;
    try {
      target.loop().execute(() -> target.send(original, payload));
    } catch (RejectedExecutionException shuttingDown) {
      payload.release();
    }
  }

  private UdpFlow newFlow(FlowKey key) {
    if (flows.size() >= MAX_FLOWS) {
      if (warnedFull.compareAndSet(false, true)) {
        Log.warn(MAX_FLOWS + " UDP flows open: datagrams from new client sockets are dropped until some expire");
      }
      return null;
    }
    UdpFlow made = new UdpFlow(key, workers.next(), this);
    UdpFlow raced = flows.putIfAbsent(key, made);
    if (raced != null) {
      return raced;
    }
    counters.flowOpened();
    try {
      made.loop().execute(made::start);
    } catch (RejectedExecutionException shuttingDown) {
      flows.remove(key, made);
      return null;
    }
    return made;
  }

  /** A flow ended (on its loop). */
  void removed(UdpFlow flow) {
    if (flows.remove(flow.key(), flow)) {
      counters.flowClosed();
      warnedFull.set(false);
    }
  }

  /** The reply sockets of {@code loop}; call on that loop. */
  ReplySockets replySockets(EventLoop loop) {
    return replies.computeIfAbsent(loop, l -> new ReplySockets(l, sockets, idleNanos, counters));
  }

  UdpRoutes routes() {
    return routes;
  }

  MarkedSockets sockets() {
    return sockets;
  }

  NettyUdpAssociator associator() {
    return associator;
  }

  UdpCounters counters() {
    return counters;
  }

  UdpStats encapsulationStats() {
    return encapsulationStats;
  }

  long idleNanos() {
    return idleNanos;
  }

  int openFlows() {
    return flows.size();
  }

  /** Ends every flow and closes the reply sockets, each on its loop. */
  void close() {
    for (UdpFlow flow : flows.values()) {
      try {
        flow.loop().execute(flow::close);
      } catch (RejectedExecutionException gone) {
        // the loop is already down, and with it the flow's sockets
      }
    }
    replies.forEach((loop, sockets) -> {
      try {
        loop.execute(sockets::closeAll);
      } catch (RejectedExecutionException gone) {
        // as above
      }
    });
  }
}
