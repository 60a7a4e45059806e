package dev.socksify.chain.connect;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.Hop;
import dev.socksify.chain.blocking.BlockingChainConnector;
import dev.socksify.chain.blocking.BlockingTransport;
import dev.socksify.chain.blocking.BlockingTunnel;
import dev.socksify.chain.blocking.HopDialer;
import dev.socksify.chain.blocking.SocketChannelTransport;
import dev.socksify.chain.blocking.SocketTransport;
import dev.socksify.chain.netty.NettyChainConnector;
import dev.socksify.chain.netty.NettyTunnel;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One way of running a chain, as the loopback tests drive it: the blocking runner over a SocketChannel or a
 * Socket, the Netty runner on NIO or epoll. Each hands back a {@link Tunnel} the test reads and writes alike.
 */
abstract class Runner {
  /** Upper bound for any single wait in a test, so a broken runner fails the test instead of hanging it. */
  static final long WAIT_SECONDS = 20;

  private final String name;

  Runner(String name) {
    this.name = name;
  }

  abstract Tunnel connect(Chain chain, InetSocketAddress destination, HostResolver resolver, Handshakes handshakes)
      throws ChainException;

  /** Whether the current thread is one of this runner's event loops (never true for blocking runners). */
  boolean onEventLoop() {
    return false;
  }

  /** Stops what the runner started (event loops); not {@code close()}, which JUnit would call per test. */
  void shutdown() {}

  @Override
  public String toString() {
    return name;
  }

  static List<Runner> all() {
    return List.of(
        new Blocking("blocking-socketchannel", HopDialer.socketChannel()),
        new Blocking("blocking-socket", HopDialer.socket()),
        new Netty("netty-nio", new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory()), NioSocketChannel.class),
        new Netty(
            "netty-epoll", new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory()), EpollSocketChannel.class));
  }

  /** The app's end of a tunnel. */
  interface Tunnel extends AutoCloseable {
    List<Hop> hops();

    InetSocketAddress boundAddress();

    /** Reads up to and without the next newline. */
    String readLine() throws IOException;

    void write(String text) throws IOException;

    void shutdownOutput() throws IOException;

    /** Reads until the far end half-closes. */
    String readToEnd() throws IOException;

    @Override
    void close();
  }

  private static final class Blocking extends Runner {
    private final HopDialer dialer;

    Blocking(String name, HopDialer dialer) {
      super(name);
      this.dialer = dialer;
    }

    @Override
    Tunnel connect(Chain chain, InetSocketAddress destination, HostResolver resolver, Handshakes handshakes)
        throws ChainException {
      BlockingTunnel tunnel = new BlockingChainConnector(dialer, resolver).connect(chain, destination, handshakes);
      return new BlockingTunnelView(tunnel);
    }
  }

  private record BlockingTunnelView(BlockingTunnel tunnel) implements Tunnel {
    @Override
    public List<Hop> hops() {
      return tunnel.hops();
    }

    @Override
    public InetSocketAddress boundAddress() {
      return tunnel.boundAddress();
    }

    private int readByte() throws IOException {
      ByteBuffer one = ByteBuffer.allocate(1);
      int n = tunnel.transport().read(one, Duration.ofSeconds(WAIT_SECONDS));
      return n < 0 ? -1 : one.get(0) & 0xFF;
    }

    @Override
    public String readLine() throws IOException {
      StringBuilder sb = new StringBuilder();
      int b;
      while ((b = readByte()) >= 0 && b != '\n') {
        sb.append((char) b);
      }
      return sb.toString();
    }

    @Override
    public void write(String text) throws IOException {
      tunnel.transport().write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public void shutdownOutput() throws IOException {
      BlockingTransport t = tunnel.transport();
      if (t instanceof SocketChannelTransport sc) {
        sc.channel().shutdownOutput();
      } else {
        ((SocketTransport) t).socket().shutdownOutput();
      }
    }

    @Override
    public String readToEnd() throws IOException {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      int b;
      while ((b = readByte()) >= 0) {
        all.write(b);
      }
      return all.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
      try {
        tunnel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final class Netty extends Runner {
    private final EventLoopGroup group;
    private final Class<? extends io.netty.channel.Channel> channelType;
    private final ExecutorService resolverPool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "test-resolver");
      t.setDaemon(true);
      return t;
    });

    Netty(String name, EventLoopGroup group, Class<? extends io.netty.channel.Channel> channelType) {
      super(name);
      this.group = group;
      this.channelType = channelType;
    }

    @Override
    Tunnel connect(Chain chain, InetSocketAddress destination, HostResolver resolver, Handshakes handshakes)
        throws ChainException {
      Bootstrap bootstrap =
          new Bootstrap().group(group).channel(channelType).option(ChannelOption.ALLOW_HALF_CLOSURE, true);
      NettyChainConnector connector = new NettyChainConnector(bootstrap, resolver, resolverPool);
      Collector collector = new Collector();
      Future<NettyTunnel> future =
          connector.connect(chain, destination, handshakes, collector, group.next());
      if (!future.awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS)) {
        future.cancel(false);
        throw new AssertionError(this + ": chain connect did not complete within " + WAIT_SECONDS + " s");
      }
      if (!future.isSuccess()) {
        if (future.cause() instanceof ChainException e) {
          throw e;
        }
        throw new AssertionError(this + ": failed with a non-chain exception", future.cause());
      }
      return new NettyTunnelView(future.getNow(), collector);
    }

    @Override
    boolean onEventLoop() {
      for (EventExecutor e : group) {
        if (e.inEventLoop()) {
          return true;
        }
      }
      return false;
    }

    @Override
    void shutdown() {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      resolverPool.shutdownNow();
    }
  }

  /** The tunnel handler the Netty tests install: queues what arrives, -1 at end of stream. */
  static final class Collector extends ChannelInboundHandlerAdapter {
    final LinkedBlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();
    volatile boolean sawActive;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      sawActive = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        while (buf.isReadable()) {
          bytes.add(buf.readByte() & 0xFF);
        }
      } finally {
        buf.release();
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        bytes.add(-1);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      bytes.add(-1);
    }
  }

  private record NettyTunnelView(NettyTunnel tunnel, Collector collector) implements Tunnel {
    @Override
    public List<Hop> hops() {
      return tunnel.hops();
    }

    @Override
    public InetSocketAddress boundAddress() {
      return tunnel.boundAddress();
    }

    private int readByte() throws IOException {
      if (!collector.sawActive) {
        throw new AssertionError("the tunnel handler never saw channelActive");
      }
      try {
        Integer b = collector.bytes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (b == null) {
          throw new SocketTimeoutException("nothing within " + WAIT_SECONDS + " s");
        }
        if (b < 0) {
          collector.bytes.add(-1);
        }
        return b;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }

    @Override
    public String readLine() throws IOException {
      StringBuilder sb = new StringBuilder();
      int b;
      while ((b = readByte()) >= 0 && b != '\n') {
        sb.append((char) b);
      }
      return sb.toString();
    }

    @Override
    public void write(String text) throws IOException {
      tunnel.channel().writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII)).syncUninterruptibly();
    }

    @Override
    public void shutdownOutput() {
      ((DuplexChannel) tunnel.channel()).shutdownOutput().syncUninterruptibly();
    }

    @Override
    public String readToEnd() throws IOException {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      int b;
      while ((b = readByte()) >= 0) {
        all.write(b);
      }
      return all.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
      tunnel.channel().close().syncUninterruptibly();
    }
  }
}
