package dev.socksify.chain.netty;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.connect.ChainAttempts;
import dev.socksify.chain.connect.Handshakes;
import dev.socksify.chain.connect.HopFailures;
import dev.socksify.chain.connect.HostResolver;
import dev.socksify.chain.connect.Route;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connects through a {@link Chain} on Netty, for the redirector and the agent's relay: opens a channel to hop 1
 * with the caller's {@link Bootstrap} (its event loop group, channel type and options: NIO, epoll, SO_MARK...),
 * lets a {@link ChainHandshakeHandler} negotiate hop after hop on it, and completes a future with the tunnelled
 * channel. It never blocks an event loop: when a name must be resolved on this host (hop 1's, or a target of a
 * socks4/socks5 hop) the {@link HostResolver} runs on the resolver executor and the attempt continues on the
 * loop. Hop 1's connect timeout becomes {@link ChannelOption#CONNECT_TIMEOUT_MILLIS}; each hop's read timeout is
 * scheduled on the loop.
 *
 * <p>The caller's {@code tunnelHandler} is added to the pipeline when the tunnel is up, in place of the
 * runner's handler; it then sees {@code channelActive} and, first, any bytes the last hop sent behind its reply.
 * Handlers added from the future's listener instead may miss those bytes. Chain modes that skip dead hops get a
 * fresh channel without the hop a failure showed dead, as with the blocking runner (see {@link ChainAttempts}).
 */
public final class NettyChainConnector {
  private final Bootstrap bootstrap;
  private final HostResolver resolver;
  private final Executor resolverExecutor;

  /** Resolves with the JDK on a small pool of daemon threads shared by all connectors. */
  public NettyChainConnector(Bootstrap bootstrap) {
    this(bootstrap, HostResolver.system(), SharedResolverPool.INSTANCE);
  }

  /**
   * @param bootstrap group, channel type and options for the channel to hop 1; its handler and remote address
   *     are ignored (the connector sets its own per connection)
   * @param resolver resolves names on this host; called only on {@code resolverExecutor}
   */
  public NettyChainConnector(Bootstrap bootstrap, HostResolver resolver, Executor resolverExecutor) {
    this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.resolverExecutor = Objects.requireNonNull(resolverExecutor, "resolverExecutor");
    Objects.requireNonNull(bootstrap.config().group(), "bootstrap has no event loop group");
  }

  /** Connects on an event loop of the bootstrap's group. */
  public Future<NettyTunnel> connect(Chain chain, InetSocketAddress destination, ChannelHandler tunnelHandler) {
    return connect(chain, destination, tunnelHandler, bootstrap.config().group().next());
  }

  /**
   * Connects to {@code destination} (unresolved to let remote-DNS hops resolve its name) through {@code chain},
   * with the channel on {@code loop} (e.g. the loop of the inbound channel being relayed). The future fails with
   * a {@link ChainException} naming the hop; cancelling it closes the channel being negotiated.
   */
  public Future<NettyTunnel> connect(
      Chain chain, InetSocketAddress destination, ChannelHandler tunnelHandler, EventLoop loop) {
    return connect(chain, destination, Handshakes.connect(), tunnelHandler, loop);
  }

  /** As {@link #connect(Chain, InetSocketAddress, ChannelHandler, EventLoop)}, with each step's handshake chosen. */
  public Future<NettyTunnel> connect(
      Chain chain,
      InetSocketAddress destination,
      Handshakes handshakes,
      ChannelHandler tunnelHandler,
      EventLoop loop) {
    Connection connection = new Connection(chain, destination, handshakes, tunnelHandler, loop);
    loop.execute(connection::next);
    return connection.promise;
  }

  /** One connection's attempts; every method runs on {@link #loop}. */
  private final class Connection {
    private final ChainAttempts attempts;
    private final InetSocketAddress destination;
    private final Handshakes handshakes;
    private final ChannelHandler tunnelHandler;
    private final EventLoop loop;
    private final Promise<NettyTunnel> promise;
    private Channel current;

    Connection(
        Chain chain,
        InetSocketAddress destination,
        Handshakes handshakes,
        ChannelHandler tunnelHandler,
        EventLoop loop) {
      this.attempts = new ChainAttempts(chain);
      this.destination = Objects.requireNonNull(destination, "destination");
      this.handshakes = Objects.requireNonNull(handshakes, "handshakes");
      this.tunnelHandler = Objects.requireNonNull(tunnelHandler, "tunnelHandler");
      this.loop = loop;
      this.promise = loop.newPromise();
      promise.addListener(
          f -> {
            if (f.isCancelled() && current != null) {
              current.close();
            }
          });
    }

    void next() {
      if (promise.isDone()) {
        return;
      }
      List<Hop> hops;
      try {
        hops = attempts.select();
      } catch (ChainException | RuntimeException e) {
        promise.tryFailure(e);
        return;
      }
      if (!Route.needsResolution(hops, destination)) {
        plan(hops);
        return;
      }
      try {
        resolverExecutor.execute(() -> planOffLoop(hops));
      } catch (RejectedExecutionException e) {
        promise.tryFailure(e);
      }
    }

    /** Runs on the loop when planning needs no resolver call. */
    private void plan(List<Hop> hops) {
      try {
        dial(Route.plan(hops, destination, resolver));
      } catch (ChainException e) {
        failed(e, hops);
      }
    }

    /** Runs on the resolver executor; hands the result back to the loop. */
    private void planOffLoop(List<Hop> hops) {
      try {
        Route route = Route.plan(hops, destination, resolver);
        loop.execute(() -> dial(route));
      } catch (ChainException e) {
        loop.execute(() -> failed(e, hops));
      } catch (RuntimeException e) {
        promise.tryFailure(e);
      }
    }

    private void dial(Route route) {
      if (promise.isDone()) {
        return;
      }
      HopContext first = route.steps().get(0);
      Promise<NettyTunnel> attempt = loop.newPromise();
      int connectMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, first.hop().timeouts().connect().toMillis()));
      ChannelFuture connect =
          bootstrap
              .clone(loop)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
              .handler(new ChainHandshakeHandler(route, handshakes, tunnelHandler, attempt))
              .connect(route.firstHop());
      current = connect.channel();
      connect.addListener(
          f -> {
            if (!f.isSuccess()) {
              attempt.tryFailure(HopFailures.cannotConnect(first, f.cause(), directFailureOf(f.cause())));
            }
          });
      attempt.addListener(
          f -> {
            if (f.isSuccess()) {
              if (!promise.trySuccess(attempt.getNow())) {
                attempt.getNow().channel().close();
              }
            } else if (f.cause() instanceof ChainException e) {
              failed(e, route.hops());
            } else {
              promise.tryFailure(f.cause());
            }
          });
    }

    private void failed(ChainException failure, List<Hop> used) {
      try {
        attempts.failed(failure, used);
      } catch (ChainException fatal) {
        promise.tryFailure(fatal);
        return;
      }
      next();
    }
  }

  private static DirectFailure directFailureOf(Throwable cause) {
    return cause instanceof ConnectTimeoutException ? DirectFailure.TIMEOUT : HopFailures.directFailureOf(cause);
  }

  /** Daemon threads for blocking name lookups; idle ones end after a while, so an unused pool costs nothing. */
  private static final class SharedResolverPool {
    static final ExecutorService INSTANCE = create();

    private static ExecutorService create() {
      AtomicInteger ids = new AtomicInteger();
      // queue rather than reject or run on the caller: the caller is an event loop that must not block
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              16,
              16,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "socksify-resolver-" + ids.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }
}
