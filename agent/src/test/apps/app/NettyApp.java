package app;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Netty client with its own (unshaded) Netty: {@code auto HOST PORT} takes the epoll transport when
 * {@code Epoll.isAvailable()}, as many apps do, else NIO; {@code nio HOST PORT} always NIO. Reports which it took,
 * the remote address, the greeting, an echoed line, and the end of stream after a half-close.
 */
public final class NettyApp {
  public static void main(String[] args) {
    boolean epoll = args[0].equals("auto") && Epoll.isAvailable();
    Report.line("epollAvailable", Epoll.isAvailable());
    if (!Epoll.isAvailable()) {
      Report.line("epollCause", Epoll.unavailabilityCause());
    }
    Report.line("transport", epoll ? "epoll" : "nio");
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    try {
      Bootstrap bootstrap = new Bootstrap().group(group)
          .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
          .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new LineBasedFrameDecoder(1024), new SimpleChannelInboundHandler<ByteBuf>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
                  events.add(line.toString(StandardCharsets.UTF_8));
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                  if (event instanceof ChannelInputShutdownEvent) {
                    events.add("<eof>");
                  }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                  events.add(cause);
                }
              });
            }
          });
      Channel channel = bootstrap.connect(args[1], Integer.parseInt(args[2])).sync().channel();
      Report.line("remote", channel.remoteAddress());
      Report.line("greeting", next(events));
      channel.writeAndFlush(Unpooled.copiedBuffer("hello through the chain\n", StandardCharsets.UTF_8)).sync();
      Report.line("echo", next(events));
      ((SocketChannel) channel).shutdownOutput().sync();
      Report.line("eof", "<eof>".equals(next(events)));
      channel.close().sync();
    } catch (Throwable t) {
      Report.fail(t);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  private static Object next(BlockingQueue<Object> events) throws Throwable {
    Object event = events.poll(20, TimeUnit.SECONDS);
    if (event instanceof Throwable t) {
      throw t;
    }
    if (event == null) {
      throw new IllegalStateException("nothing received within 20 s");
    }
    return event;
  }
}
