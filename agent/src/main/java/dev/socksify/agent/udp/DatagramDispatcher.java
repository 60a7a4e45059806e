package dev.socksify.agent.udp;

import dev.socksify.agent.connect.FlowLog;
import dev.socksify.agent.connect.OwnThreads;
import dev.socksify.agent.dns.Destinations;
import dev.socksify.agent.connect.Routing;
import dev.socksify.agent.inband.SunNio;
import dev.socksify.agent.udp.AssociatedSocket.Connection;
import dev.socksify.agent.udp.AssociatedSocket.Direct;
import dev.socksify.agent.udp.AssociatedSocket.Via;
import dev.socksify.chain.Addresses;
import dev.socksify.chain.Chain;
import dev.socksify.chain.connect.HostResolver;
import dev.socksify.chain.udp.UdpAssociation;
import dev.socksify.chain.udp.UdpLimits;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import sun.nio.ch.SocksifyDatagramHooks;

/**
 * The agent's side of the datagram bridge: every hooked UDP operation lands here. A datagram whose destination the
 * rules send to a chain goes through a SOCKS5 UDP association of the app's socket, opened at its first such send
 * (or connect) and closed with the socket; everything else is left to the JDK. It never throws: failures are
 * returned as the exception the app sees, which names the hop and why.
 *
 * <p>While {@link #refuseAll(String)} is in force (a hook or a JDK internal is missing, the configuration is
 * broken), datagrams to anything but loopback fail with that reason instead of leaving directly, and while
 * {@link #refuseEveryWrite(String)} is (the agent is starting, a UDP hook is missing) every datagram does; then
 * {@code jdk}, {@code nio} and {@code router} may be null.
 */
public final class DatagramDispatcher implements SocksifyDatagramHooks, DatagramConnects {
  /** What {@link #enterConnect} hands to {@link #exitConnect}: the socket and how it was connected before. */
  private record ConnectToken(AssociatedSocket socket, Connection previous) {}

  private static final Object NOTHING_TO_UNDO = new Object();

  /**
   * Set by {@link #enterConnect} for the {@code Net.connect} that follows on the same thread: hop 1's relay, or the
   * address a name behind a fake address resolved to.
   */
  private final ThreadLocal<InetSocketAddress> connectInstead = new ThreadLocal<>();
  private final DatagramSockets sockets = new DatagramSockets();
  private final SunNio nio;
  private final UdpRouter router;
  private final Destinations destinations;
  private final HostResolver resolver;
  private final AssociationOpener opener;
  private final FlowLog log;
  private final PrintStream out;
  private volatile JdkDatagrams jdk;
  private volatile String refusal;
  private volatile String everyWriteRefused;

  /** {@code out} is where {@code log} writes, for the one line per closed socket {@code log} has no form for. */
  /**
   * @param destinations maps fake addresses back to their names (remote DNS)
   * @param resolver resolves a name behind a fake address that the rules send direct
   */
  DatagramDispatcher(SunNio nio, UdpRouter router, Destinations destinations, HostResolver resolver,
      AssociationOpener opener, FlowLog log, PrintStream out) {
    this.nio = nio;
    this.router = router;
    this.destinations = destinations;
    this.resolver = resolver;
    this.opener = opener;
    this.log = log;
    this.out = out;
  }

  /** Starts handling datagrams with the JDK internals {@code jdk}: until now every write was refused. */
  void start(JdkDatagrams internals) {
    jdk = internals;
    everyWriteRefused = null;
    refusal = null;
  }

  /** Fails closed from now on: datagrams to anything but loopback fail with {@code reason}. */
  public void refuseAll(String reason) {
    refusal = reason;
    everyWriteRefused = null;
  }

  /**
   * Refuses every datagram send and write, loopback too: for a JDK where a UDP hook is missing, so the send hook
   * that knows each datagram's destination may not be there to refuse it.
   */
  public void refuseEveryWrite(String reason) {
    refusal = reason;
    everyWriteRefused = reason;
  }

  @Override
  public Object send(DatagramChannel channel, FileDescriptor fd, ByteBuffer src, InetSocketAddress target) {
    if (OwnThreads.active()) {
      return null;
    }
    AssociatedSocket socket = sockets.get(channel);
    if (socket != null && socket.connection() instanceof Via via) {
      return sendConnected(socket, via, channel, fd, src, target);
    }
    String refused = refusal;
    if (refused != null) {
      return target.getAddress().isLoopbackAddress() ? null : refuse(target, refused);
    }
    InetSocketAddress destination;
    try {
      destination = destinations.of(target.getAddress(), target.getPort());
    } catch (UnknownHostException staleFake) {
      log.error(FlowLog.app(), target, List.of(), staleFake);
      return staleFake;
    }
    Routing route = router.route(destination);
    if (route instanceof Routing.Direct) {
      return destination.isUnresolved() ? sendDirectByName(socket, channel, fd, src, target, destination) : null;
    }
    if (route instanceof Routing.Refused r) {
      return refuse(target, r.why());
    }
    Chain chain = ((Routing.ViaChain) route).chain();
    AssociatedSocket s = socket != null ? socket : sockets.getOrCreate(channel, FlowLog.app());
    UdpAssociation association;
    try {
      association = associate(s, chain, destination);
    } catch (IOException e) {
      return setupFailure(s, destination, chain, e);
    }
    if (destination.isUnresolved()) {
      s.fakes().sentThroughChain(target, destination);
    }
    try {
      return s.send(jdk, channel, fd, src, destination, association);
    } catch (IOException e) {
      return e;
    }
  }

  /**
   * A datagram to a fake address whose name the rules send direct (a rule with a port decides it): the name is
   * resolved here, now, and the datagram sent there; answers from there are reported as from the fake address.
   */
  private Object sendDirectByName(AssociatedSocket socket, DatagramChannel channel, FileDescriptor fd,
      ByteBuffer src, InetSocketAddress fake, InetSocketAddress named) {
    try {
      InetSocketAddress resolved = new InetSocketAddress(resolver.resolve(named.getHostString()), named.getPort());
      AssociatedSocket s = socket != null ? socket : sockets.getOrCreate(channel, FlowLog.app());
      s.fakes().sentDirect(fake, resolved);
      return s.sendDirect(jdk, channel, fd, src, resolved);
    } catch (IOException e) {
      return e;
    }
  }

  private Object sendConnected(AssociatedSocket socket, Via via, DatagramChannel channel, FileDescriptor fd,
      ByteBuffer src, InetSocketAddress target) {
    if (!via.destination().equals(target)) {
      // what the JDK's send throws for another address; its own check was skipped with the connection hidden
      return new AlreadyConnectedException();
    }
    UdpAssociation association;
    try {
      association = associate(socket, via.chain(), via.wrapTo());
    } catch (IOException e) {
      return setupFailure(socket, via.wrapTo(), via.chain(), e);
    }
    try {
      if (association != via.association()) {
        // A proxy ended the association the socket was connected through: follow the new relay.
        connectTo(jdk.family(channel), fd, association.encapsulation().sendTo());
        socket.connection(via.over(association));
      }
      return socket.send(jdk, channel, fd, src, via.wrapTo(), association);
    } catch (IOException e) {
      return e;
    }
  }

  private UdpAssociation associate(AssociatedSocket socket, Chain chain, InetSocketAddress target)
      throws IOException {
    return socket.association(chain, opener, opened -> log.ok(socket.app(), target, chain.hops(),
        "udp association, relay " + Addresses.format(opened.encapsulation().sendTo())));
  }

  private SocketException setupFailure(AssociatedSocket socket, InetSocketAddress target, Chain chain,
      IOException e) {
    // a SocketException as a failed send is, naming the hop and why (UdpUnsupportedException, ChainException)
    SocketException failure = new SocketException("socksify: udp to " + Addresses.format(target) + ": "
        + e.getMessage());
    failure.initCause(e);
    log.error(socket.app(), target, chain.hops(), failure);
    return failure;
  }

  private SocketException refuse(InetSocketAddress target, String why) {
    SocketException failure = new SocketException(why);
    log.error(FlowLog.app(), target, List.of(), failure);
    return failure;
  }

  @Override
  public Object receive(DatagramChannel channel, ByteBuffer dst, boolean connected) {
    AssociatedSocket socket = handled(channel);
    if (socket == null) {
      return null;
    }
    try {
      return socket.receive(jdk, channel, dst, connected, router);
    } catch (IOException e) {
      return e;
    }
  }

  @Override
  public int afterReceive(DatagramChannel channel, ByteBuffer dst, int start, int n) {
    AssociatedSocket socket = handled(channel);
    if (socket == null) {
      return n;
    }
    try {
      return socket.repair(jdk, channel, dst, start, n, router);
    } catch (IOException e) {
      dst.position(start);
      return JdkDatagrams.UNAVAILABLE;
    }
  }

  @Override
  public Object sender(DatagramChannel channel) {
    AssociatedSocket socket = handled(channel);
    return socket == null ? null : socket.sender();
  }

  /** The socket's state if the UDP path handles it: it has an association and is not connected directly. */
  private AssociatedSocket handled(DatagramChannel channel) {
    if (OwnThreads.active()) {
      return null;
    }
    AssociatedSocket socket = sockets.get(channel);
    return socket == null || socket.connection() instanceof Direct ? null : socket;
  }

  @Override
  public Object beginWrite(DatagramChannel channel, SocketAddress remote) {
    if (OwnThreads.active()) {
      return remote;
    }
    String refused = everyWriteRefused;
    if (refused != null) {
      return new SocketException(refused);
    }
    AssociatedSocket socket = sockets.get(channel);
    return socket != null && socket.connection() instanceof Via ? null : remote;
  }

  @Override
  public Object read(DatagramChannel channel, ByteBuffer dst) {
    if (connectedVia(channel) == null) {
      return null;
    }
    try {
      int before = dst.position();
      return channel.receive(dst) == null ? 0 : dst.position() - before;
    } catch (IOException | RuntimeException e) {
      return e;
    }
  }

  @Override
  public Object read(DatagramChannel channel, ByteBuffer[] dsts, int offset, int length) {
    if (connectedVia(channel) == null) {
      return null;
    }
    try {
      long room = 0;
      for (int i = offset; i < offset + length; i++) {
        room += dsts[i].remaining();
      }
      ByteBuffer datagram = ByteBuffer.allocate((int) Math.min(room, UdpLimits.RECEIVE_BUFFER));
      if (channel.receive(datagram) == null) {
        return 0L;
      }
      datagram.flip();
      long n = datagram.remaining();
      for (int i = offset; i < offset + length && datagram.hasRemaining(); i++) {
        ByteBuffer part = datagram.slice();
        part.limit(Math.min(part.remaining(), dsts[i].remaining()));
        datagram.position(datagram.position() + part.remaining());
        dsts[i].put(part);
      }
      return n;
    } catch (IOException | RuntimeException e) {
      return e;
    }
  }

  @Override
  public Object write(DatagramChannel channel, ByteBuffer src) {
    Via via = connectedVia(channel);
    if (via == null) {
      return null;
    }
    try {
      return channel.send(src, via.destination());
    } catch (IOException | RuntimeException e) {
      return e;
    }
  }

  @Override
  public Object write(DatagramChannel channel, ByteBuffer[] srcs, int offset, int length) {
    Via via = connectedVia(channel);
    if (via == null) {
      return null;
    }
    try {
      long size = 0;
      for (int i = offset; i < offset + length; i++) {
        size += srcs[i].remaining();
      }
      if (size > UdpLimits.RECEIVE_BUFFER) {
        return new SocketException("Message too long: " + size + " bytes do not fit in one datagram");
      }
      ByteBuffer datagram = ByteBuffer.allocate((int) size);
      for (int i = offset; i < offset + length; i++) {
        datagram.put(srcs[i].duplicate());
      }
      datagram.flip();
      int n = channel.send(datagram, via.destination());
      // a datagram goes whole or not at all: consume the sources only once it went
      for (int i = offset; i < offset + length && n > 0; i++) {
        srcs[i].position(srcs[i].limit());
      }
      return (long) n;
    } catch (IOException | RuntimeException e) {
      return e;
    }
  }

  private Via connectedVia(DatagramChannel channel) {
    if (OwnThreads.active()) {
      return null;
    }
    AssociatedSocket socket = sockets.get(channel);
    return socket != null && socket.connection() instanceof Via via ? via : null;
  }

  @Override
  public Object enterConnect(DatagramChannel channel, SocketAddress remote) {
    connectInstead.remove();
    if (OwnThreads.active() || !(remote instanceof InetSocketAddress target) || target.isUnresolved()
        || target.getPort() == 0) {
      // the JDK's own checks throw for these
      return NOTHING_TO_UNDO;
    }
    String refused = refusal;
    if (refused != null) {
      return target.getAddress().isLoopbackAddress() ? NOTHING_TO_UNDO : refuse(target, refused);
    }
    InetSocketAddress destination;
    try {
      destination = destinations.of(target.getAddress(), target.getPort());
    } catch (UnknownHostException staleFake) {
      log.error(FlowLog.app(), target, List.of(), staleFake);
      return staleFake;
    }
    Routing route = router.route(destination);
    if (route instanceof Routing.Refused r) {
      return refuse(target, r.why());
    }
    if (route instanceof Routing.Direct direct) {
      log.direct(FlowLog.app(), destination, direct.why());
      if (destination.isUnresolved()) {
        // a name behind a fake address, sent direct: the socket connects to where it resolves here, now
        try {
          connectInstead.set(new InetSocketAddress(resolver.resolve(destination.getHostString()), target.getPort()));
        } catch (UnknownHostException e) {
          return e;
        }
      }
      AssociatedSocket socket = sockets.get(channel);
      if (socket == null) {
        return NOTHING_TO_UNDO;
      }
      Connection previous = socket.connection();
      socket.connection(new Direct(target));
      return new ConnectToken(socket, previous);
    }
    Chain chain = ((Routing.ViaChain) route).chain();
    AssociatedSocket socket = sockets.getOrCreate(channel, FlowLog.app());
    UdpAssociation association;
    try {
      association = associate(socket, chain, destination);
    } catch (IOException e) {
      return setupFailure(socket, destination, chain, e);
    }
    Connection previous = socket.connection();
    socket.connection(new Via(target, destination, chain, association));
    connectInstead.set(association.encapsulation().sendTo());
    log.ok(socket.app(), destination, chain.hops(), "udp connected");
    return new ConnectToken(socket, previous);
  }


  /**
   * The {@code Net.connect} of a connect {@link #enterConnect} prepared: to hop 1's relay for a destination the chain
   * reaches, to the resolved address for a name behind a fake address that goes direct.
   */
  @Override
  public Object connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port) {
    InetSocketAddress instead = connectInstead.get();
    if (instead == null) {
      // Refused here too, in case the connect hook that refuses it is missing on this JDK.
      String refused = refusal;
      return refused != null && !remote.isLoopbackAddress() ? new SocketException(refused) : null;
    }
    connectInstead.remove();
    try {
      return connectTo(family, fd, instead);
    } catch (IOException e) {
      return e;
    }
  }

  private int connectTo(ProtocolFamily family, FileDescriptor fd, InetSocketAddress relay) throws IOException {
    try {
      return OwnThreads.call(() -> nio.connect(family, fd, relay.getAddress(), relay.getPort()));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  @Override
  public void exitConnect(DatagramChannel channel, Object token, boolean connected) {
    connectInstead.remove();
    if (!connected && token instanceof ConnectToken undo) {
      undo.socket().connection(undo.previous());
    }
  }

  @Override
  public void disconnected(DatagramChannel channel) {
    AssociatedSocket socket = sockets.get(channel);
    if (socket != null) {
      socket.connection(null);
    }
  }

  @Override
  public void closed(DatagramChannel channel) {
    AssociatedSocket socket = sockets.remove(channel);
    if (socket != null && log.enabled()) {
      out.println("socksify: " + socket.app() + " udp socket closed, associations ended: " + socket.summary());
    }
  }
}
