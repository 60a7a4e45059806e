import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Opens COUNT connections (at most IN_FLIGHT still connecting or awaiting their greeting at a time), checks every
 * greeting, then holds them all idle: prints {@code held COUNT} and waits until its standard input ends, then closes
 * them. Gives up after 120 s. Usage: {@code HoldFlows HOST PORT COUNT IN_FLIGHT EXPECTED_PEER}
 */
public final class HoldFlows {
  private static final long DEADLINE_NANOS = 120_000_000_000L;

  public static void main(String[] args) throws IOException {
    InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    int count = Integer.parseInt(args[2]);
    int inFlight = Integer.parseInt(args[3]);
    String peer = Greeting.arg(args, 4);
    List<SocketChannel> held = new ArrayList<>(count);
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    try (Selector selector = Selector.open()) {
      int opened = 0;
      int pending = 0;
      while (held.size() < count) {
        while (pending < inFlight && opened < count) {
          SocketChannel ch = SocketChannel.open();
          ch.configureBlocking(false);
          boolean connected = ch.connect(target);
          ch.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, new StringBuilder());
          opened++;
          pending++;
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("only " + held.size() + " of " + count + " flows up after 120 s");
        }
        selector.select(1_000);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          SocketChannel ch = (SocketChannel) key.channel();
          if (key.isConnectable()) {
            ch.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
          } else if (key.isReadable() && greeted(ch, (StringBuilder) key.attachment(), peer)) {
            key.cancel();
            held.add(ch);
            pending--;
          }
        }
      }
    }
    System.out.println("held " + held.size());
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold until the bench closes our standard input
    }
    for (SocketChannel ch : held) {
      ch.close();
    }
  }

  private static boolean greeted(SocketChannel ch, StringBuilder line, String peer) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    int n = ch.read(buffer);
    if (n < 0) {
      throw new IOException("flow " + ch + " closed before its greeting: the relay or a hop dropped it");
    }
    for (int i = 0; i < n; i++) {
      char c = (char) buffer.get(i);
      if (c == '\n') {
        Greeting.check(line.toString(), peer);
        return true;
      }
      line.append(c);
    }
    return false;
  }
}
