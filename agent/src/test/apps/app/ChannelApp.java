package app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * SocketChannel: {@code blocking HOST PORT} (SocketChannel.open(address)), {@code adaptor HOST PORT TIMEOUT}
 * (channel.socket().connect(address, timeout)) or {@code nonblocking HOST PORT} (connect, then a Selector waits for
 * OP_CONNECT, finishConnect, and every read and write goes through the selector). Reports the remote address, the
 * destination's greeting and the echo of a line, then half-closes and expects end of stream.
 */
public final class ChannelApp {
  public static void main(String[] args) {
    try {
      InetSocketAddress target = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
      switch (args[0]) {
        case "blocking" -> blocking(SocketChannel.open(target));
        case "adaptor" -> {
          SocketChannel channel = SocketChannel.open();
          channel.socket().connect(target, Integer.parseInt(args[3]));
          blocking(channel);
        }
        case "nonblocking" -> nonBlocking(target);
        default -> throw new IllegalArgumentException(args[0]);
      }
    } catch (Throwable t) {
      Report.fail(t);
    }
  }

  private static void blocking(SocketChannel channel) throws IOException {
    try (channel) {
      Report.line("remote", channel.getRemoteAddress());
      Report.line("greeting", readLine(channel, null));
      write(channel, null, "hello through the chain\n");
      Report.line("echo", readLine(channel, null));
      channel.shutdownOutput();
      Report.line("eof", channel.read(ByteBuffer.allocate(1)) == -1);
    }
  }

  private static void nonBlocking(InetSocketAddress target) throws IOException {
    try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      boolean immediately = channel.connect(target);
      Report.line("pending", !immediately && channel.isConnectionPending());
      if (!immediately) {
        channel.register(selector, SelectionKey.OP_CONNECT);
        while (selector.select(10_000) == 0) {
          // bounded by the test's own timeout on the process
        }
        selector.selectedKeys().clear();
        Report.line("finished", channel.finishConnect());
      }
      Report.line("remote", channel.getRemoteAddress());
      Report.line("greeting", readLine(channel, selector));
      write(channel, selector, "hello through the chain\n");
      Report.line("echo", readLine(channel, selector));
      channel.shutdownOutput();
      ByteBuffer one = ByteBuffer.allocate(1);
      int n;
      while ((n = channel.read(one)) == 0) {
        await(channel, selector, SelectionKey.OP_READ);
      }
      Report.line("eof", n == -1);
    }
  }

  private static String readLine(SocketChannel channel, Selector selector) throws IOException {
    StringBuilder line = new StringBuilder();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (true) {
      one.clear();
      int n = channel.read(one);
      if (n < 0) {
        throw new IOException("end of stream after '" + line + "'");
      }
      if (n == 0) {
        await(channel, selector, SelectionKey.OP_READ);
        continue;
      }
      char c = (char) one.get(0);
      if (c == '\n') {
        return line.toString();
      }
      line.append(c);
    }
  }

  private static void write(SocketChannel channel, Selector selector, String text) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (out.hasRemaining()) {
      if (channel.write(out) == 0) {
        await(channel, selector, SelectionKey.OP_WRITE);
      }
    }
  }

  private static void await(SocketChannel channel, Selector selector, int op) throws IOException {
    channel.register(selector, op);
    selector.select(10_000);
    selector.selectedKeys().clear();
  }
}
