package dev.socksify.testkit;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server for tests: binds port 0, accepts on one daemon thread, and serves each connection on a
 * bounded pool of daemon threads. {@link #close()} closes the listener and every open socket, then waits for the
 * threads to end, so a test leaks neither ports nor threads.
 */
public abstract class EmbeddedTcpServer implements AutoCloseable {
  /** Connections served at once; one more is closed right after accept rather than queued. */
  static final int MAX_THREADS = 256;

  private final ServerSocket listener;
  private final Thread acceptor;
  private final ThreadPoolExecutor workers;
  private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean closed;

  /** Binds {@code bindAddress} on a free port and starts accepting. */
  protected EmbeddedTcpServer(InetAddress bindAddress, String name) throws IOException {
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(bindAddress, 0), 64);
    String threadName = name + "-" + listener.getLocalPort();
    AtomicInteger ids = new AtomicInteger();
    workers =
        new ThreadPoolExecutor(
            0,
            MAX_THREADS,
            10,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> tracked(daemon(r, threadName + "-" + ids.incrementAndGet())));
    acceptor = daemon(this::acceptLoop, threadName + "-accept");
    acceptor.start();
  }

  /** The loopback address 127.0.0.1, which tests use unless they need a distinct source address. */
  protected static InetAddress loopback() {
    return InetAddress.getLoopbackAddress();
  }

  /** Serves one accepted connection; runs on a pool thread; the socket is closed afterwards. */
  protected abstract void serve(Socket socket) throws IOException;

  /** The port bound. */
  public int port() {
    return listener.getLocalPort();
  }

  /** The address and port bound. */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** How many connections this server has accepted. */
  public int connectionCount() {
    return connections.get();
  }

  /** How many accepted connections are being served right now (not yet closed by either side). */
  public int activeConnections() {
    return active.get();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Runs {@code task} on the pool (e.g. the second direction of a relay). Returns false if the pool is full or
   * the server closing, in which case the caller gives up the connection.
   */
  protected boolean spawn(Runnable task) {
    try {
      workers.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Registers a socket opened while serving (e.g. the onward connection) so {@link #close()} closes it. */
  protected void track(Closeable closeable) throws IOException {
    open.add(closeable);
    if (closed) {
      closeable.close();
    }
  }

  /** Closes a socket and forgets it. */
  protected void release(Closeable closeable) {
    open.remove(closeable);
    closeQuietly(closeable);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return; // listener closed
      }
      connections.incrementAndGet();
      try {
        track(socket);
        if (!spawn(() -> serveAndClose(socket))) {
          release(socket);
        }
      } catch (IOException e) {
        release(socket);
      }
    }
  }

  private void serveAndClose(Socket socket) {
    active.incrementAndGet();
    try {
      serve(socket);
    } catch (IOException | RuntimeException e) {
      // The peer went away or broke the protocol; a test server just drops the connection.
    } finally {
      release(socket);
      active.decrementAndGet();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(listener);
    for (Closeable c : open) {
      release(c);
    }
    workers.shutdownNow();
    try {
      acceptor.join(5_000);
      workers.awaitTermination(5, TimeUnit.SECONDS);
      // the pool reports termination just before its last threads exit; join them so none outlives close()
      for (Thread t : threads) {
        t.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Thread tracked(Thread thread) {
    threads.removeIf(t -> !t.isAlive() && t.getState() == Thread.State.TERMINATED);
    threads.add(thread);
    return thread;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + " " + address().getAddress().getHostAddress() + ":" + port();
  }

  static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closing a test socket; nothing left to do
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
