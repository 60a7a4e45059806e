package dev.socksify.redirector.udp;

import dev.socksify.chain.Addresses;
import dev.socksify.redirector.relay.FlowLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One client socket's datagrams (see {@link FlowKey}): each datagram is routed by the rules to a {@link Leg} (a
 * chain's association, or the direct socket), opened on first use; replies go back to the client from the address
 * they came from (or the fake address the client used). The flow ends after the idle timeout without a datagram
 * either way. Confined to its event loop.
 *
 * <p>Problems are logged once per flow and kind, as {@code client -> destination via hops: reason}, and counted.
 */
final class UdpFlow {
  /** Distinct problems a flow logs at most (a client spraying blocked destinations logs this many lines). */
  private static final int MAX_REPORTS = 16;

  private final FlowKey key;
  private final EventLoop loop;
  private final UdpRelay relay;
  private final Map<String, Leg> legs = new HashMap<>();
  private final Set<String> reported = new HashSet<>();
  private long lastActive = System.nanoTime();
  /** For the flow's last log line: where it sent last. */
  private InetSocketAddress lastDestination;
  private boolean closed;

  UdpFlow(FlowKey key, EventLoop loop, UdpRelay relay) {
    this.key = key;
    this.loop = loop;
    this.relay = relay;
  }

  EventLoop loop() {
    return loop;
  }

  UdpRelay relay() {
    return relay;
  }

  FlowKey key() {
    return key;
  }

  /** Starts the idle timer; called once, on the loop, right after the flow is made. */
  void start() {
    scheduleIdleCheck(relay.idleNanos());
  }

  /** A datagram from the client to {@code original}; takes ownership of {@code payload}. */
  void send(InetSocketAddress original, ByteBuf payload) {
    if (closed) {
      // expired between the lookup and now: a new flow takes it
      relay.arrived(key.client(), original, payload);
      return;
    }
    lastActive = System.nanoTime();
    lastDestination = original;
    UdpRoute route = relay.routes().route(original);
    if (route instanceof UdpRoute.Refused refused) {
      payload.release();
      relay.counters().drop();
      problem("refused " + refused.reason(), original, refused.via(), refused.reason());
    } else if (route instanceof UdpRoute.Chained chained) {
      Leg leg = legs.computeIfAbsent("chain " + chained.chain().name(), k -> new ChainLeg(this, chained.chain()));
      leg.send(chained.target(), original, payload);
    } else {
      InetSocketAddress target = ((UdpRoute.Direct) route).target();
      String legKey = target.getAddress() instanceof Inet6Address ? "direct6" : "direct4";
      Leg leg = legs.get(legKey);
      if (leg == null) {
        leg = DirectLeg.open(this, target.getAddress());
        if (leg == null) {
          payload.release();
          relay.counters().drop();
          return;
        }
        legs.put(legKey, leg);
        opened(original, "direct");
      }
      leg.send(target, original, payload);
    }
  }

  /** A reply from {@code sender} (its real address, as the last hop or the socket saw it); takes the payload. */
  void reply(InetSocketAddress sender, ByteBuf payload) {
    if (closed) {
      payload.release();
      return;
    }
    lastActive = System.nanoTime();
    InetSocketAddress source = sourceFor(sender);
    if (source == null) {
      payload.release();
      relay.counters().drop();
      return;
    }
    relay.replySockets(loop).send(source, key.client(), payload);
  }

  /**
   * Where a reply must come from for the client to take it: the fake address for a named flow (the port the
   * server answered from, normally the one asked), else the sender itself, as a direct reply would.
   */
  private InetSocketAddress sourceFor(InetSocketAddress sender) {
    if (key.named() != null) {
      return sender.getPort() == key.named().getPort() ? key.named()
          : new InetSocketAddress(key.named().getAddress(), sender.getPort());
    }
    if (sender.isUnresolved()) {
      return null;
    }
    return new InetSocketAddress(Addresses.unmapped(sender.getAddress()), sender.getPort());
  }
  /** A leg started carrying datagrams (verbose log only). */
  void opened(InetSocketAddress original, String via) {
    FlowLog.opened(key.client(), original, via, "relaying UDP");
  }

  /** A leg's association ended on the proxy's side (verbose log only; the next datagram reopens it). */
  void ended(String via, String how) {
    FlowLog.finished(key.client(), lastDestination, via, how);
  }

  /** Logs {@code reason} once per flow for {@code kind}; the caller counts it. */
  void problem(String kind, InetSocketAddress destination, String via, String reason) {
    if (reported.size() < MAX_REPORTS && reported.add(kind)) {
      FlowLog.failed(key.client(), destination, via, reason);
    }
  }

  private void scheduleIdleCheck(long delayNanos) {
    loop.schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void checkIdle() {
    if (closed) {
      return;
    }
    long idle = System.nanoTime() - lastActive;
    if (idle >= relay.idleNanos()) {
      FlowLog.finished(key.client(), lastDestination, legs.isEmpty() ? "nothing" : String.join(", ", legs.keySet()),
          "UDP flow ended after " + TimeUnit.NANOSECONDS.toSeconds(idle) + " s without a datagram");
      close();
    } else {
      scheduleIdleCheck(relay.idleNanos() - idle);
    }
  }

  /** Ends every leg and leaves the flow table. Idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    legs.values().forEach(Leg::close);
    legs.clear();
    relay.removed(this);
  }
}
