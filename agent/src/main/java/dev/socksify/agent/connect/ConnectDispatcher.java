package dev.socksify.agent.connect;

import dev.socksify.agent.dns.Destinations;
import dev.socksify.agent.inband.InbandConnector;
import dev.socksify.agent.inband.SunNio;
import dev.socksify.agent.udp.DatagramConnects;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.blocking.BlockingTunnel;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import sun.nio.ch.SocksifyHooks;

/**
 * The agent's side of the bridge: every hooked connect lands here. It routes the destination, then runs the chain
 * in-band (blocking callers) or through the relay (non-blocking callers), and turns failures into the exception a
 * direct connect would have thrown. It never throws: the bridge turns anything unexpected into a refusal.
 *
 * <p>While {@link #refuseAll(String)} is in force (a hook is missing on this JDK, the configuration is broken, a JDK
 * internal is missing), every connect that is not loopback fails with that reason instead of leaking out directly;
 * then {@code nio}, {@code router}, {@code inband} and {@code relay} may be null.
 */
public final class ConnectDispatcher implements SocksifyHooks {
  private final ThreadLocal<ConnectContext> context = new ThreadLocal<>();
  private final SunNio nio;
  private final Router router;
  private final InbandConnector inband;
  private final RelayPath relay;
  private final FlowLog log;
  private final Destinations destinations;
  private volatile String refusal;
  private volatile boolean refuseAtEntry;
  private volatile DatagramConnects datagrams;

  public ConnectDispatcher(SunNio nio, Router router, InbandConnector inband, RelayPath relay, FlowLog log) {
    this(nio, router, inband, relay, log, Destinations.none());
  }

  /** @param destinations maps fake addresses back to their names (remote DNS) */
  public ConnectDispatcher(SunNio nio, Router router, InbandConnector inband, RelayPath relay, FlowLog log,
      Destinations destinations) {
    this.nio = nio;
    this.router = router;
    this.inband = inband;
    this.relay = relay;
    this.log = log;
    this.destinations = destinations;
  }

  /** Fails closed from now on: connects that are not loopback fail with {@code reason}. */
  public void refuseAll(String reason) {
    refusal = reason;
  }

  /**
   * Also refuses at the connect entry points, for a JDK where {@code Net.connect} itself could not be hooked and the
   * entry points are the only place left to stop a connection.
   */
  public void refuseAtEntryPoints() {
    refuseAtEntry = true;
  }

  /** Hands the {@code Net.connect} of UDP sockets to the datagram path, which may connect them to a relay. */
  public void datagrams(DatagramConnects datagramConnects) {
    this.datagrams = datagramConnects;
  }

  @Override
  public Object enterConnect(Object caller, SocketAddress remote, long timeoutNanos) {
    ConnectContext previous = context.get();
    if (OwnThreads.active()) {
      return previous;
    }
    if (refuseAtEntry && refusal != null && !isLoopback(remote)) {
      return new ConnectException(refusal);
    }
    context.set(ConnectContext.of(caller, timeoutNanos, isVirtual()));
    return previous;
  }

  @Override
  public void exitConnect(Object token) {
    if (token instanceof ConnectContext previous) {
      context.set(previous);
    } else {
      context.remove();
    }
  }

  @Override
  public Object connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port) {
    if (OwnThreads.active()) {
      // the agent's own sockets
      return null;
    }
    if (nio != null && !nio.isStream(fd)) {
      // a connected datagram socket: the datagram path's, not the TCP path's
      DatagramConnects udp = datagrams;
      return udp == null ? null : udp.connect(family, fd, remote, port);
    }
    InetSocketAddress target = new InetSocketAddress(remote, port);
    String app = FlowLog.app();
    String refused = refusal;
    if (refused != null) {
      if (remote.isLoopbackAddress()) {
        log.direct(app, target, "loopback");
        return null;
      }
      ConnectException failure = new ConnectException(refused);
      log.error(app, target, List.of(), failure);
      return failure;
    }
    try {
      target = destinations.of(remote, port);
    } catch (UnknownHostException staleFake) {
      log.error(app, target, List.of(), staleFake);
      return staleFake;
    }
    Routing route = router.route(target);
    if (route instanceof Routing.Direct direct) {
      log.direct(app, target, direct.why());
      // a name behind a fake address that a rule sends direct is resolved here, now
      return target.isUnresolved() ? destinations.connectDirect(family, fd, target) : null;
    }
    if (route instanceof Routing.Refused r) {
      ConnectException failure = new ConnectException(r.why());
      log.error(app, target, List.of(), failure);
      return failure;
    }
    Routing.ViaChain via = (Routing.ViaChain) route;
    ConnectContext ctx = context.get();
    if (ctx == null) {
      ctx = ConnectContext.UNKNOWN;
    }
    try {
      if (ctx.mayBlock()) {
        BlockingTunnel tunnel = inband.connect(ctx, family, fd, target, via.chain());
        log.ok(app, target, tunnel.hops(), "in-band");
        return 1;
      }
      return relay.connect(family, fd, target, via.chain(), app);
    } catch (ChainException e) {
      log.error(app, target, via.chain().hops(), e);
      return e.asDirectException();
    } catch (IOException e) {
      log.error(app, target, via.chain().hops(), e);
      return e;
    }
  }

  private static boolean isLoopback(SocketAddress remote) {
    return remote instanceof InetSocketAddress isa && isa.getAddress() != null && isa.getAddress().isLoopbackAddress();
  }

  private static boolean isVirtual() {
    return VirtualThreads.current();
  }
}
