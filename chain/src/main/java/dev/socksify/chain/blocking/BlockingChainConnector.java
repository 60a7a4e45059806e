package dev.socksify.chain.blocking;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.connect.ChainAttempts;
import dev.socksify.chain.connect.Handshakes;
import dev.socksify.chain.connect.HopFailures;
import dev.socksify.chain.connect.HostResolver;
import dev.socksify.chain.connect.Route;
import dev.socksify.chain.protocol.ClientHandshake;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * Connects through a {@link Chain} over blocking I/O, for the agent's in-band path where the app's own thread
 * waits: dial hop 1, then have each hop negotiate, in its own protocol, the connection to the next hop, and the
 * last to the destination. It reads exactly {@link ClientHandshake#bytesNeeded()} at a time, so when it returns
 * nothing of the tunnelled stream has been consumed.
 *
 * <p>Chain modes that skip dead hops get a fresh attempt without the hop a failure showed dead (see {@link
 * ChainAttempts}); strict chains fail on the first error, which names the hop. Thread-safe: it holds no
 * per-connection state.
 */
public final class BlockingChainConnector {
  private final HopDialer dialer;
  private final HostResolver resolver;

  /** Dials with {@link SocketChannelTransport} and resolves with the JDK. */
  public BlockingChainConnector() {
    this(HopDialer.socketChannel(), HostResolver.system());
  }

  public BlockingChainConnector(HopDialer dialer, HostResolver resolver) {
    this.dialer = dialer;
    this.resolver = resolver;
  }

  /**
   * Connects to {@code destination} (unresolved to let remote-DNS hops resolve its name) through {@code chain}.
   *
   * @throws ChainException naming the hop, what it was asked to reach and why it failed; {@link
   *     ChainException#asDirectException()} gives what a direct connect would have thrown
   */
  public BlockingTunnel connect(Chain chain, InetSocketAddress destination) throws ChainException {
    return connect(chain, destination, Handshakes.connect());
  }

  /** As {@link #connect(Chain, InetSocketAddress)}, with {@code handshakes} choosing each step's handshake. */
  public BlockingTunnel connect(Chain chain, InetSocketAddress destination, Handshakes handshakes)
      throws ChainException {
    ChainAttempts attempts = new ChainAttempts(chain);
    while (true) {
      List<Hop> hops = attempts.select();
      try {
        return attempt(Route.plan(hops, destination, resolver), handshakes);
      } catch (ChainException e) {
        attempts.failed(e, hops);
      }
    }
  }

  private BlockingTunnel attempt(Route route, Handshakes handshakes) throws ChainException {
    HopContext first = route.steps().get(0);
    BlockingTransport transport;
    try {
      transport = dialer.dial(route.firstHop(), first.hop().timeouts().connect());
    } catch (IOException e) {
      throw HopFailures.cannotConnect(first, e, HopFailures.directFailureOf(e));
    }
    boolean connected = false;
    try {
      InetSocketAddress bound = null;
      List<HopContext> steps = route.steps();
      for (int i = 0; i < steps.size(); i++) {
        HopContext step = steps.get(i);
        bound = handshake(transport, step, handshakes.open(step, i == steps.size() - 1));
      }
      connected = true;
      return new BlockingTunnel(transport, route.hops(), bound);
    } finally {
      if (!connected) {
        closeQuietly(transport);
      }
    }
  }

  /** Runs one hop's handshake to its target; returns the address the hop reported bound. */
  private static InetSocketAddress handshake(
      BlockingTransport transport, HopContext step, ClientHandshake handshake) throws ChainException {
    Duration readTimeout = step.hop().timeouts().read();
    try {
      transport.write(handshake.start());
      while (!handshake.isDone()) {
        ByteBuffer reply = ByteBuffer.allocate(handshake.bytesNeeded());
        int n;
        try {
          n = transport.read(reply, readTimeout);
        } catch (SocketTimeoutException e) {
          throw HopUnreachableException.timeout(step, readTimeout.toMillis());
        }
        if (n < 0) {
          throw HopUnreachableException.eof(step);
        }
        reply.flip();
        while (reply.hasRemaining() && !handshake.isDone()) {
          int before = reply.remaining();
          ByteBuffer answer = handshake.receive(reply);
          if (answer.hasRemaining()) {
            transport.write(answer);
          }
          if (reply.remaining() == before) {
            break;
          }
        }
        if (reply.hasRemaining()) {
          // bytesNeeded() promised these belong to the handshake; a state machine that leaves them is broken
          throw new IllegalStateException(step + ": handshake left " + reply.remaining() + " of its bytes unread");
        }
      }
      return handshake.boundAddress();
    } catch (ChainException e) {
      throw e;
    } catch (IOException e) {
      throw HopFailures.lost(step, e);
    }
  }

  private static void closeQuietly(BlockingTransport transport) {
    try {
      transport.close();
    } catch (IOException e) {
      // the attempt already failed; that error is the one to report
    }
  }
}
