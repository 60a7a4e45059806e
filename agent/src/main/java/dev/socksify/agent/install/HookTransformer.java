package dev.socksify.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's one registered transformer: for a hooked class it replays the {@link HookCache}, or else lets Byte
 * Buddy ({@link ByteBuddyHooks}, created on the first miss) advise it and remembers the result. Every other class
 * costs a few name comparisons.
 */
final class HookTransformer implements ClassFileTransformer {
  private final List<Hook> hooks;
  private final HookReport report;
  private final HookCache cache;
  private final List<Runnable> pendingStores = new ArrayList<>();
  private ClassFileTransformer byteBuddy;
  private boolean deferStores = true;

  HookTransformer(List<Hook> hooks, HookReport report, HookCache cache) {
    this.hooks = List.copyOf(hooks);
    this.report = report;
    this.cache = cache;
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
      byte[] original) {
    if (internalName == null) {
      return null;
    }
    String name = internalName.replace('/', '.');
    List<Hook> forType = null;
    for (Hook hook : hooks) {
      if (hook.typeName().test(name)) {
        if (forType == null) {
          forType = new ArrayList<>(2);
        }
        forType.add(hook);
      }
    }
    if (forType == null) {
      return null;
    }
    try {
      byte[] cached = cache.lookup(name, original);
      if (cached != null) {
        report.fromCache(forType, name);
        return cached;
      }
      byte[] advised = byteBuddy().transform(loader, internalName, redefined, domain, original);
      if (advised != null && report.matchedAll(forType, name)) {
        store(() -> cache.store(name, original, advised));
      }
      return advised;
    } catch (Throwable t) {
      report.failed(name, t);
      return null;
    }
  }

  private synchronized ClassFileTransformer byteBuddy() {
    if (byteBuddy == null) {
      byteBuddy = ByteBuddyHooks.transformer(hooks, report);
    }
    return byteBuddy;
  }

  // While the JDK's own socket classes are being hooked, writing files could need them: write once they are in.
  private synchronized void store(Runnable write) {
    if (deferStores) {
      pendingStores.add(write);
    } else {
      write.run();
    }
  }

  /** Writes what was deferred; from now on results are written as they come. */
  synchronized void flushStores() {
    deferStores = false;
    pendingStores.forEach(Runnable::run);
    pendingStores.clear();
  }
}
