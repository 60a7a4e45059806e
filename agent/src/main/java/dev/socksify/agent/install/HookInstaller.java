package dev.socksify.agent.install;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Registers the hooks and checks that every JDK one took: targets not loaded yet are loaded now (which hooks them
 * on the way in), those already loaded are retransformed.
 */
public final class HookInstaller {
  private HookInstaller() {}

  /** Installs {@code hooks} and reports on {@code required} (the same list, unless a test left some out). */
  public static HookReport install(Instrumentation inst, List<Hook> required, List<Hook> hooks) {
    HookReport report = new HookReport(required);
    HookTransformer transformer = new HookTransformer(hooks, report, HookCache.open());
    inst.addTransformer(transformer, true);
    Set<String> jdkTypes = new LinkedHashSet<>();
    for (Hook hook : required) {
      if (hook.required()) {
        jdkTypes.add(hook.jdkType());
      }
    }
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if (jdkTypes.remove(type.getName()) && type.getClassLoader() == null) {
        loaded.add(type);
      }
    }
    try {
      if (!loaded.isEmpty()) {
        inst.retransformClasses(loaded.toArray(Class<?>[]::new));
      }
    } catch (UnmodifiableClassException | RuntimeException e) {
      // the report names the classes that were not transformed
    }
    for (String type : jdkTypes) {
      load(type);
    }
    transformer.flushStores();
    return report;
  }

  // Loading a class that was not loaded yet runs the transformation now, so the self-check sees its outcome.
  private static void load(String className) {
    try {
      Class.forName(className, false, null);
    } catch (ClassNotFoundException | LinkageError e) {
      // reported as "not transformed" by the report
    }
  }
}
