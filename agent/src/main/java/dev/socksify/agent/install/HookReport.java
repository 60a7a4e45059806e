package dev.socksify.agent.install;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracks, per hook, whether its method was found and the class carrying it was actually (re)transformed: Byte Buddy
 * transforms a class whose method does not match without a word, so "applied" needs both. A class served from the
 * {@link HookCache} counts as applied: only transformations that applied every hook of the class are cached.
 */
public final class HookReport {
  private final List<Hook> hooks;
  private final Map<Hook, String> matchedOn = new ConcurrentHashMap<>();
  private final Map<Hook, String> problems = new ConcurrentHashMap<>();
  private final Map<Hook, Boolean> applied = new ConcurrentHashMap<>();

  HookReport(List<Hook> hooks) {
    this.hooks = List.copyOf(hooks);
  }

  /** Byte Buddy found {@code methods} methods of {@code hook} in {@code typeName} (exactly one is right). */
  void matched(Hook hook, String typeName, int methods) {
    if (methods == 1) {
      matchedOn.put(hook, typeName);
    } else {
      problems.put(hook, methods == 0 ? "method not found in " + typeName : methods + " methods match in " + typeName);
    }
  }

  /** Byte Buddy's transformation of {@code typeName} was handed to the JVM. */
  void transformed(String typeName) {
    for (Map.Entry<Hook, String> entry : matchedOn.entrySet()) {
      if (entry.getValue().equals(typeName)) {
        applied.put(entry.getKey(), Boolean.TRUE);
      }
    }
  }

  /** Transforming {@code typeName} failed. */
  void failed(String typeName, Throwable error) {
    for (Hook hook : hooks) {
      if (hook.typeName().test(typeName)) {
        problems.put(hook, "transforming " + typeName + " failed: " + error);
      }
    }
  }

  /** {@code typeName} was served from the cache: its hooks are in place. */
  void fromCache(List<Hook> forType, String typeName) {
    for (Hook hook : forType) {
      matchedOn.put(hook, typeName);
      applied.put(hook, Boolean.TRUE);
    }
  }

  /** Whether every one of {@code forType} matched in {@code typeName}: only then is the result worth caching. */
  boolean matchedAll(List<Hook> forType, String typeName) {
    return forType.stream().allMatch(h -> typeName.equals(matchedOn.get(h)));
  }

  /** Whether {@code hook} is in place. */
  public boolean applied(Hook hook) {
    return applied.containsKey(hook);
  }

  /** Whether every required hook on the JDK class {@code typeName} is in place (it was hooked as it loaded). */
  boolean appliedOn(String typeName) {
    for (Hook hook : hooks) {
      if (hook.required() && hook.jdkType().equals(typeName) && !applied(hook)) {
        return false;
      }
    }
    return true;
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
