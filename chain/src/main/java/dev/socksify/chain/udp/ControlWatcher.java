package dev.socksify.chain.udp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Watches the control connections of every open association on one daemon thread, so an association learns
 * at once when a proxy drops its control connection (RFC 1928 §7: the relay ends with it) without a thread
 * per association. A proxy sends nothing on a control connection after the ASSOCIATE reply; bytes that
 * arrive anyway are read and ignored, EOF or an error ends the association.
 */
final class ControlWatcher {
  private static final ControlWatcher SHARED = new ControlWatcher();

  private record Watch(SocketChannel channel, Consumer<String> onEnd) {}

  private final Queue<Watch> pending = new ConcurrentLinkedQueue<>();
  private final ByteBuffer scratch = ByteBuffer.allocate(512);
  private Selector selector;

  private ControlWatcher() {}

  static ControlWatcher shared() {
    return SHARED;
  }

  /**
   * Starts watching {@code channel} (connected, handshake done); {@code onEnd} runs once on the watcher thread
   * with the reason when the peer closes it or it fails. Closing the channel locally ends the watch quietly.
   */
  void watch(SocketChannel channel, Consumer<String> onEnd) throws IOException {
    channel.configureBlocking(false);
    pending.add(new Watch(channel, onEnd));
    selector().wakeup();
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
    try {
      watch.onEnd().accept(end);
    } catch (RuntimeException e) {
      // a listener's failure must not stop the watch of every other association
      Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
    }
  }
}
