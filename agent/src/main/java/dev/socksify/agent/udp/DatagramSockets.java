package dev.socksify.agent.udp;

import dev.socksify.agent.connect.OwnThreads;
import java.lang.ref.Cleaner;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;

/**
 * The app sockets that have UDP associations, by channel. Keys are weak and a cleaner closes the associations of a
 * channel the app dropped without closing, so a forgotten socket does not keep control connections open.
 */
final class DatagramSockets {
  private record Tracked(AssociatedSocket socket, Cleaner.Cleanable cleanable) {}

  private final Map<DatagramChannel, Tracked> sockets = new WeakHashMap<>();
  // Most sockets of most apps never go through a chain; their datagrams skip the lock while none does.
  private volatile boolean any;

  /** The socket's state, or {@code null} if it never went through a chain. */
  AssociatedSocket get(DatagramChannel channel) {
    if (!any) {
      return null;
    }
    synchronized (sockets) {
      Tracked tracked = sockets.get(channel);
      return tracked == null ? null : tracked.socket();
    }
  }

  /** The socket's state, created on its first datagram through a chain. */
  AssociatedSocket getOrCreate(DatagramChannel channel, String app) {
    synchronized (sockets) {
      Tracked tracked = sockets.get(channel);
      if (tracked == null) {
        AssociatedSocket socket = new AssociatedSocket(app);
        tracked = new Tracked(socket, Cleaning.CLEANER.register(channel, socket::close));
        sockets.put(channel, tracked);
        any = true;
      }
      return tracked.socket();
    }
  }

  /** Forgets the socket and closes its associations; returns it, or {@code null} if it had none. */
  AssociatedSocket remove(DatagramChannel channel) {
    Tracked tracked;
    synchronized (sockets) {
      tracked = sockets.remove(channel);
    }
    if (tracked == null) {
      return null;
    }
    tracked.cleanable().clean();
    return tracked.socket();
  }

  // Its thread starts with the first socket that goes through a chain, not with the agent.
  private static final class Cleaning {
    static final Cleaner CLEANER = Cleaner.create(OwnThreads.factory(Executors.defaultThreadFactory()));
  }
}
