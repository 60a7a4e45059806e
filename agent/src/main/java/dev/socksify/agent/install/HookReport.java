package dev.socksify.agent.install;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Tracks, per hook, whether its method was found and the class carrying it was actually (re)transformed. Byte Buddy
 * transforms a class whose method does not match without a word, so "applied" here needs both.
 */
public final class HookReport extends AgentBuilder.Listener.Adapter {
  private final List<Hook> hooks;
  private final Map<Hook, String> matchedOn = new ConcurrentHashMap<>();
  private final Map<Hook, String> problems = new ConcurrentHashMap<>();
  private final Map<Hook, Boolean> applied = new ConcurrentHashMap<>();

  HookReport(List<Hook> hooks) {
    this.hooks = List.copyOf(hooks);
  }

  void matched(Hook hook, TypeDescription type, int methods) {
    if (methods == 1) {
      matchedOn.put(hook, type.getName());
    } else {
      problems.put(hook, methods == 0 ? "method not found in " + type.getName()
          : methods + " methods match in " + type.getName());
    }
  }

  @Override
  public void onTransformation(
      TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
    for (Map.Entry<Hook, String> entry : matchedOn.entrySet()) {
      if (entry.getValue().equals(type.getName())) {
        applied.put(entry.getKey(), Boolean.TRUE);
      }
    }
  }

  @Override
  public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    for (Hook hook : hooks) {
      if (typeName.equals(hook.jdkType())) {
        problems.put(hook, "transforming " + typeName + " failed: " + error);
      }
    }
  }

  /** Whether {@code hook} is in place. */
  public boolean applied(Hook hook) {
    return applied.containsKey(hook);
  }

  /** The required hooks that are not in place, each with why. */
  public List<String> missing() {
    List<String> missing = new ArrayList<>();
    for (Hook hook : hooks) {
      if (hook.required() && !applied(hook)) {
        missing.add(hook.name() + " (" + problems.getOrDefault(hook, "class " + hook.jdkType() + " not transformed")
            + ")");
      }
    }
    return missing;
  }
}
