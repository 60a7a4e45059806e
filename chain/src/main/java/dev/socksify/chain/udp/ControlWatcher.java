package dev.socksify.chain.udp;

import dev.socksify.chain.blocking.BlockingTransport;
import dev.socksify.chain.blocking.SocketChannelTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Watches the control connections of every open association, so an association learns at once when a proxy
 * drops its control connection (RFC 1928 §7: the relay ends with it). Socket channels share one selector
 * thread, so associations cost no thread each; other transports (a plain {@code Socket} from a custom dialer)
 * get a small daemon thread blocked in read. A proxy sends nothing on a control connection after the
 * ASSOCIATE reply; bytes that arrive anyway are read and ignored, EOF or an error ends the association.
 */
final class ControlWatcher {
  private static final ControlWatcher SHARED = new ControlWatcher();
  /** How long one read of a thread-watched control connection waits before it simply reads again. */
  private static final Duration IDLE = Duration.ofHours(1);

  private record Watch(SocketChannel channel, Consumer<String> onEnd) {}

  private final Queue<Watch> pending = new ConcurrentLinkedQueue<>();
  private final ByteBuffer scratch = ByteBuffer.allocate(512);
  private Selector selector;

  private ControlWatcher() {}

  static ControlWatcher shared() {
    return SHARED;
  }

  /**
   * Starts watching {@code control} (connected, handshake done); {@code onEnd} runs once on a watcher thread
   * with the reason when the peer closes it or it fails. Closing it locally ends the watch quietly.
   */
  void watch(BlockingTransport control, Consumer<String> onEnd) throws IOException {
    if (control instanceof SocketChannelTransport transport) {
      SocketChannel channel = transport.channel();
      channel.configureBlocking(false);
      pending.add(new Watch(channel, onEnd));
      selector().wakeup();
      return;
    }
    Thread thread = new Thread(() -> readUntilEnd(control, onEnd), "socksify-udp-control " + control);
    thread.setDaemon(true);
    thread.start();
  }

  private static void readUntilEnd(BlockingTransport control, Consumer<String> onEnd) {
    ByteBuffer buffer = ByteBuffer.allocate(512);
    String end = "closed by the proxy";
    try {
      while (true) {
        buffer.clear();
        try {
          if (control.read(buffer, IDLE) < 0) {
            break;
          }
        } catch (SocketTimeoutException idle) {
          // a quiet control connection is the normal case
        }
      }
    } catch (IOException e) {
      // also "Socket closed" after the association closed it: ending an ended association changes nothing
      end = "failed: " + e.getMessage();
    }
    notify(onEnd, end);
  }

  private static void notify(Consumer<String> onEnd, String end) {
    try {
      onEnd.accept(end);
    } catch (RuntimeException e) {
      // a listener's failure must not stop the watch of every other association
      Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
    }
  }

  private synchronized Selector selector() throws IOException {
    if (selector == null) {
      selector = Selector.open();
      Thread thread = new Thread(this::run, "socksify-udp-control-watcher");
      thread.setDaemon(true);
      thread.start();
    }
    return selector;
  }

  private void run() {
    try {
      while (true) {
        registerPending();
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          check(key);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("udp control watcher failed", e);
    }
  }

  private void registerPending() {
    for (Watch watch; (watch = pending.poll()) != null; ) {
      try {
        watch.channel().register(selector, SelectionKey.OP_READ, watch);
      } catch (ClosedChannelException e) {
        // closed locally before the watch began: the association is closing itself, nothing to report
      }
    }
  }

  private void check(SelectionKey key) {
    Watch watch = (Watch) key.attachment();
    String end;
    try {
      if (!key.isReadable()) {
        return;
      }
      scratch.clear();
      if (watch.channel().read(scratch) >= 0) {
        return;
      }
      end = "closed by the proxy";
    } catch (CancelledKeyException | ClosedChannelException e) {
      return;
    } catch (IOException e) {
      end = "failed: " + e.getMessage();
    }
    key.cancel();
    notify(watch.onEnd(), end);
  }
}
