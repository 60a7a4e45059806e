package dev.socksify.redirector.splice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine between two loopback connections, no root needed: {@code a} and {@code b} are plain sockets whose
 * accepted ends the engine splices together, as it does a client and its tunnel.
 */
class SpliceEngineTest {
  private static EventLoopGroup group;
  private static Channel server;
  private static final BlockingQueue<SocketChannel> ACCEPTED = new ArrayBlockingQueue<>(16);
  private static SpliceEngine engine;

  @BeforeAll
  static void setUp() {
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new Accepted())
        .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    engine = new SpliceEngine(1);
  }

  @AfterAll
  static void tearDown() {
    engine.close();
    server.close().syncUninterruptibly();
    group.shutdownGracefully().syncUninterruptibly();
  }

  /** Hands each accepted channel to the test. */
  @io.netty.channel.ChannelHandler.Sharable
  private static final class Accepted extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(io.netty.channel.ChannelHandlerContext ctx) {
      ACCEPTED.add((SocketChannel) ctx.channel());
    }
  }

  /** Two sockets joined by the engine; {@code ended} completes with the engine's account of the end. */
  private record Pair(Socket a, Socket b, CompletableFuture<String> ended) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      a.close();
      b.close();
    }
  }

  /** {@code toClient} and {@code toUpstream}: bytes the engine sends to a and to b before anything relayed. */
  private static Pair pair(String toClient, String toUpstream) throws Exception {
    Socket a = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
    SocketChannel aEnd = ACCEPTED.poll(10, TimeUnit.SECONDS);
    Socket b = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
    SocketChannel bEnd = ACCEPTED.poll(10, TimeUnit.SECONDS);
    CompletableFuture<String> ended = new CompletableFuture<>();
    engine.relay(((AbstractEpollStreamChannel) aEnd).fd().intValue(),
        ((AbstractEpollStreamChannel) bEnd).fd().intValue(),
        ByteBuffer.wrap(toClient.getBytes(StandardCharsets.US_ASCII)),
        ByteBuffer.wrap(toUpstream.getBytes(StandardCharsets.US_ASCII)), ended::complete);
    aEnd.close().sync();
    bEnd.close().sync();
    a.setSoTimeout(20_000);
    b.setSoTimeout(20_000);
    return new Pair(a, b, ended);
  }

  @Test
  void bytesFlowBothWaysAndFinsAreCarriedSeparately() throws Exception {
    try (Pair p = pair("early bytes first|", "early up|")) {
      byte[] up = new byte[5_000_000];
      new Random(1).nextBytes(up);
      CompletableFuture<byte[]> atB = CompletableFuture.supplyAsync(() -> readAll(p.b()));
      try (OutputStream out = p.a().getOutputStream()) {
        out.write(up);
        p.a().shutdownOutput();
        // b got everything and the FIN; a can still be written to
        byte[] expected = new byte[9 + up.length];
        System.arraycopy("early up|".getBytes(StandardCharsets.US_ASCII), 0, expected, 0, 9);
        System.arraycopy(up, 0, expected, 9, up.length);
        assertArrayEquals(expected, atB.get(30, TimeUnit.SECONDS));
        p.b().getOutputStream().write("answer after the FIN".getBytes(StandardCharsets.US_ASCII));
        p.b().shutdownOutput();
        assertEquals("early bytes first|answer after the FIN", new String(readAll(p.a()),
            StandardCharsets.US_ASCII));
      }
      String how = p.ended().get(20, TimeUnit.SECONDS);
      assertEquals("closed by both sides (5000009 bytes up, 38 down)", how);
    }
  }

  @Test
  void aResetOnOneSideResetsTheOther() throws Exception {
    try (Pair p = pair("", "")) {
      p.b().setSoLinger(true, 0);
      p.b().close();
      InputStream in = p.a().getInputStream();
      assertThrows(SocketException.class, () -> {
        // the reset may need a write to surface on some kernels; a read sees it here
        while (in.read() >= 0) {
          p.a().getOutputStream().write(1);
        }
        throw new SocketException("clean EOF instead of a reset");
      });
      assertTrue(p.ended().get(20, TimeUnit.SECONDS).startsWith("reset: "), p.ended().getNow("?"));
    }
  }

  private static byte[] readAll(Socket s) {
    try {
      return s.getInputStream().readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
