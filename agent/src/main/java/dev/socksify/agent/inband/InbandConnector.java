package dev.socksify.agent.inband;

import dev.socksify.agent.connect.ConnectContext;
import dev.socksify.chain.Chain;
import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.protocol.ClientHandshake;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ProtocolFamily;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The blocking path: the chain handshake runs on the app's own socket, on the app's thread, and afterwards the app's
 * socket talks to hop 1 directly: no relay, no copy. The descriptor is driven non-blocking (so every wait honours
 * the hop's and the app's timeouts) and handed back in the blocking mode the JDK set.
 */
public final class InbandConnector {
  private final SunNio nio;

  public InbandConnector(SunNio nio) {
    this.nio = nio;
  }

  /** Connects {@code fd} through {@code chain} to {@code target}; returns {@code Net.connect}'s "connected". */
  public int connect(ConnectContext context, ProtocolFamily family, FileDescriptor fd, InetSocketAddress target,
      Chain chain) throws IOException {
    AppSocket socket = new AppSocket(nio, family, fd, Deadline.in(context.timeoutNanos()));
    boolean restoreBlocking = context.fdMode() == ConnectContext.FdMode.BLOCKING;
    if (restoreBlocking) {
      nio.configureBlocking(fd, false);
    }
    try {
      run(socket, chain.hops(), target);
      return 1;
    } catch (IOException e) {
      if (socket.appTimeoutExpired()) {
        SocketTimeoutException timeout = new SocketTimeoutException("Connect timed out");
        timeout.initCause(e);
        throw timeout;
      }
      throw e;
    } finally {
      if (restoreBlocking) {
        nio.configureBlocking(fd, true);
      }
    }
  }

  // TEMPORARY strict-chain driver until chain.blocking.BlockingChainConnector lands on main.
  private static void run(AppSocket socket, List<Hop> hops, InetSocketAddress target) throws IOException {
    Hop first = hops.get(0);
    HopContext firstContext = new HopContext(1, first, hops.size() > 1 ? hops.get(1).address() : target);
    try {
      socket.connect(resolve(first), first.timeouts().connect());
    } catch (SocketTimeoutException e) {
      throw new HopUnreachableException(firstContext, "connect timed out", DirectFailure.TIMEOUT, e);
    } catch (UnknownHostException e) {
      throw new HopUnreachableException(firstContext, "unknown host", DirectFailure.UNKNOWN_HOST, e);
    } catch (NoRouteToHostException e) {
      throw new HopUnreachableException(firstContext, "no route", DirectFailure.NO_ROUTE, e);
    } catch (ConnectException e) {
      throw new HopUnreachableException(firstContext, "connect failed: " + e.getMessage(), DirectFailure.REFUSED, e);
    }
    for (int i = 0; i < hops.size(); i++) {
      Hop hop = hops.get(i);
      HopContext context = new HopContext(i + 1, hop, i + 1 < hops.size() ? hops.get(i + 1).address() : target);
      handshake(socket, context);
    }
  }

  private static void handshake(AppSocket socket, HopContext context) throws IOException {
    Hop hop = context.hop();
    ClientHandshake handshake = hop.type().connect(context);
    try {
      socket.write(handshake.start(), hop.timeouts().read());
      while (!handshake.isDone()) {
        ByteBuffer in = ByteBuffer.allocate(handshake.bytesNeeded());
        socket.read(in, hop.timeouts().read());
        in.flip();
        ByteBuffer out = handshake.receive(in);
        if (out.hasRemaining()) {
          socket.write(out, hop.timeouts().read());
        }
      }
    } catch (SocketTimeoutException e) {
      throw HopUnreachableException.timeout(context, hop.timeouts().read().toMillis());
    } catch (EOFException e) {
      throw HopUnreachableException.eof(context);
    }
  }

  private static InetSocketAddress resolve(Hop hop) throws UnknownHostException {
    InetSocketAddress address = hop.address();
    return address.isUnresolved() ? new InetSocketAddress(InetAddress.getByName(hop.host()), hop.port()) : address;
  }
}
