package dev.socksify.redirector.splice;

import com.sun.jna.Memory;
import dev.socksify.redirector.Log;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One engine thread with its own edge-triggered epoll set. Each socket is registered once for
 * in/out/rdhup/edge and never modified again, so a flow costs no epoll_ctl after it starts: an edge on either
 * socket pumps both directions of its flow until they would block.
 */
final class SpliceLoop implements Runnable {
  private static final int MAX_EVENTS = 256;
  private static final int WAIT_MILLIS = 500;
  /** A pipe empty for this long is closed; the next data makes a new one. */
  private static final long IDLE_PIPE_NANOS = 2_000_000_000L;

  private final int epoll;
  private final Map<Integer, SpliceFlow> byFd = new ConcurrentHashMap<>();
  private final Memory events = new Memory((long) MAX_EVENTS * Syscalls.EPOLL_EVENT_SIZE);
  /** One epoll_event per registering thread (Netty's loops), not one native allocation per flow. */
  private static final ThreadLocal<Memory> EVENT = ThreadLocal.withInitial(() -> new Memory(Syscalls.EPOLL_EVENT_SIZE));
  /** Enough for the short exchanges a loop has under way at once; the rest make and close their own. */
  private final PipePool pipes = new PipePool(64);
  private final Thread thread;
  private volatile boolean running = true;

  SpliceLoop(String name) {
    epoll = Syscalls.epoll_create1(Syscalls.EPOLL_CLOEXEC);
    if (epoll < 0) {
      throw new IllegalStateException("epoll_create1 failed: " + Errno.describe(Syscalls.errno()));
    }
    thread = new Thread(this, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Registers a flow (from any thread); its sockets' first edges start the pumping. */
  void add(SpliceFlow flow) throws java.io.IOException {
    byFd.put(flow.client(), flow);
    byFd.put(flow.upstream(), flow);
    Memory event = EVENT.get();
    int interest = Syscalls.EPOLLIN | Syscalls.EPOLLOUT | Syscalls.EPOLLRDHUP | Syscalls.EPOLLET;
    for (int fd : new int[] {flow.client(), flow.upstream()}) {
      event.setInt(0, interest);
      event.setLong(4, fd);
      if (Syscalls.epoll_ctl(epoll, Syscalls.EPOLL_CTL_ADD, fd, event) < 0) {
        int errno = Syscalls.errno();
        byFd.remove(flow.client());
        byFd.remove(flow.upstream());
        throw new java.io.IOException("epoll_ctl failed: " + Errno.describe(errno));
      }
    }
  }

  PipePool pipes() {
    return pipes;
  }

  void forget(SpliceFlow flow) {
    byFd.remove(flow.client());
    byFd.remove(flow.upstream());
  }

  int flows() {
    return byFd.size() / 2;
  }

  @Override
  public void run() {
    long lastSweep = System.nanoTime();
    while (running) {
      int n = Syscalls.epoll_wait(epoll, events, MAX_EVENTS, WAIT_MILLIS);
      long now = System.nanoTime();
      if (now - lastSweep > IDLE_PIPE_NANOS) {
        lastSweep = now;
        for (SpliceFlow flow : byFd.values()) {
          flow.releaseIdlePipes(now - IDLE_PIPE_NANOS);
        }
      }
      if (n < 0) {
        if (Syscalls.errno() != Syscalls.EINTR) {
          Log.error("splice engine: epoll_wait failed: " + Errno.describe(Syscalls.errno()));
          return;
        }
        continue;
      }
      for (int i = 0; i < n; i++) {
        long offset = (long) i * Syscalls.EPOLL_EVENT_SIZE;
        int mask = events.getInt(offset);
        int fd = (int) events.getLong(offset + 4);
        SpliceFlow flow = byFd.get(fd);
        if (flow != null) {
          flow.ready(this, fd, mask, now);
        }
      }
    }
  }

  void stop() {
    running = false;
  }
}
