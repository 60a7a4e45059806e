package dev.socksify.agent.connect;

import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;

/**
 * Marks the threads whose connects are the agent's own (the relay's event loop, the in-band dial to hop 1), so the
 * hooks let them through instead of sending them into the chain again.
 */
public final class OwnThreads {
  private static final ThreadLocal<Boolean> OWN = new ThreadLocal<>();

  private OwnThreads() {}

  /** True while the current thread works for the agent. */
  public static boolean active() {
    return OWN.get() != null;
  }

  /** Runs {@code work} as the agent's own, restoring the thread's mark afterwards. */
  public static <T> T call(Callable<T> work) throws Exception {
    Boolean before = OWN.get();
    OWN.set(Boolean.TRUE);
    try {
      return work.call();
    } finally {
      if (before == null) {
        OWN.remove();
      }
    }
  }

  /** A factory for daemon threads that are the agent's own for their whole life. */
  public static ThreadFactory factory(ThreadFactory delegate) {
    return task -> {
      Thread thread = delegate.newThread(() -> {
        OWN.set(Boolean.TRUE);
        task.run();
      });
      thread.setDaemon(true);
      return thread;
    };
  }
}
