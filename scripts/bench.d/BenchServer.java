import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The bench destination, one selector thread. Each connection is greeted with {@code peer=IP:PORT\n}, the address
 * the connection came from: the bench clients check it against the egress address of the hop that must have carried
 * them, so a connection that bypassed the proxies would be caught. Then the client may send a decimal byte count and
 * a newline; the server sends that many bytes and closes. A client that sends nothing is simply held (idle flows).
 *
 * <p>Usage: {@code BenchServer BIND_ADDRESS PORT}; prints {@code ready} once listening, runs until killed.
 */
public final class BenchServer {
  private static final int CHUNK = 1 << 20;
  private static final ByteBuffer DATA = ByteBuffer.allocateDirect(CHUNK);

  /** Per-connection state: the request line read so far, then how many bytes are still to send. */
  private static final class Conn {
    final StringBuilder request = new StringBuilder();
    final ByteBuffer in = ByteBuffer.allocate(64);
    ByteBuffer greeting;
    long remaining = -1;
  }

  public static void main(String[] args) throws IOException {
    for (int i = 0; i < CHUNK; i++) {
      DATA.put(i, (byte) (i * 31));
    }
    Selector selector = Selector.open();
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 4096);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    System.out.println("ready");
    System.out.flush();
    while (true) {
      selector.select();
      Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
      while (keys.hasNext()) {
        SelectionKey key = keys.next();
        keys.remove();
        try {
          if (key.isAcceptable()) {
            accept(server, selector);
          } else if (key.isValid()) {
            serve(key);
          }
        } catch (IOException e) {
          // the client went away; close its side and carry on with the others
          key.channel().close();
        }
      }
    }
  }

  private static void accept(ServerSocketChannel server, Selector selector) throws IOException {
    for (SocketChannel ch = server.accept(); ch != null; ch = server.accept()) {
      ch.configureBlocking(false);
      InetSocketAddress from = (InetSocketAddress) ch.getRemoteAddress();
      Conn conn = new Conn();
      conn.greeting = ByteBuffer.wrap(("peer=" + from.getAddress().getHostAddress() + ":" + from.getPort() + "\n")
          .getBytes(StandardCharsets.US_ASCII));
      ch.write(conn.greeting);
      ch.register(selector, conn.greeting.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ, conn);
    }
  }

  private static void serve(SelectionKey key) throws IOException {
    SocketChannel ch = (SocketChannel) key.channel();
    Conn conn = (Conn) key.attachment();
    if (conn.greeting.hasRemaining()) {
      ch.write(conn.greeting);
      if (!conn.greeting.hasRemaining()) {
        key.interestOps(SelectionKey.OP_READ);
      }
      return;
    }
    if (conn.remaining < 0) {
      readRequest(key, ch, conn);
      return;
    }
    while (conn.remaining > 0) {
      ByteBuffer chunk = DATA.duplicate();
      chunk.limit((int) Math.min(CHUNK, conn.remaining));
      int n = ch.write(chunk);
      conn.remaining -= n;
      if (n == 0 || chunk.hasRemaining()) {
        return;
      }
    }
    ch.close();
  }

  private static void readRequest(SelectionKey key, SocketChannel ch, Conn conn) throws IOException {
    conn.in.clear();
    if (ch.read(conn.in) < 0) {
      ch.close();
      return;
    }
    conn.in.flip();
    while (conn.in.hasRemaining()) {
      char c = (char) conn.in.get();
      if (c == '\n') {
        conn.remaining = Long.parseLong(conn.request.toString().trim());
        key.interestOps(SelectionKey.OP_WRITE);
        return;
      }
      conn.request.append(c);
    }
  }
}
