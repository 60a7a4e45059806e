package dev.socksify.agent.install;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Registers the hooks and checks that every JDK one took. In two steps, because a class hooked as it loads costs next
 * to nothing while retransforming a loaded one is the slowest part of the agent's start-up: {@link #register} goes
 * first, before the agent touches the JDK classes it hooks; {@link #complete()} then retransforms those something
 * loaded earlier, loads those nothing loaded yet (which hooks them on the way in), and reports.
 */
public final class HookInstaller {
  private final Instrumentation inst;
  private final List<Hook> required;
  private final HookReport report;
  private final HookTransformer transformer;

  private HookInstaller(Instrumentation inst, List<Hook> required, List<Hook> hooks) {
    this.inst = inst;
    this.required = required;
    this.report = new HookReport(required);
    this.transformer = new HookTransformer(hooks, report, HookCache.open());
  }

  /**
   * Starts hooking {@code hooks}; the report will be on {@code required} (the same list, unless a test left some
   * out).
   */
  public static HookInstaller register(Instrumentation inst, List<Hook> required, List<Hook> hooks) {
    HookInstaller installer = new HookInstaller(inst, required, hooks);
    inst.addTransformer(installer.transformer, true);
    return installer;
  }

  /** Hooks what {@link #register} could not catch as it loaded, and reports on every required hook. */
  public HookReport complete() {
    Set<String> jdkTypes = new LinkedHashSet<>();
    for (Hook hook : required) {
      if (hook.required()) {
        jdkTypes.add(hook.jdkType());
      }
    }
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if (jdkTypes.remove(type.getName()) && type.getClassLoader() == null && !report.appliedOn(type.getName())) {
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
