package dev.socksify.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Installs the hooks with Byte Buddy and checks, by loading each JDK target, that every one took. */
public final class HookInstaller {
  private HookInstaller() {}

  /**
   * Installs {@code hooks} and reports on {@code required} (the same list, unless a test left some out).
   */
  public static HookReport install(Instrumentation inst, List<Hook> required, List<Hook> hooks) {
    HookReport report = new HookReport(required);
    ElementMatcher.Junction<TypeDescription> targets = none();
    for (Hook hook : hooks) {
      targets = targets.or(hook.type());
    }
    // validation only guards hand-built types; advice inlining builds none, and skipping it saves start-up time
    AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
        // the JDK classes may already be loaded (java.base loads early): retransform them, not only later loads
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        // a retransformed class cannot gain members; inlined advice adds none, and this keeps Byte Buddy from trying
        .disableClassFormatChanges()
        // advice only rewrites method bodies: decorating skips building the type's full method graph
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        // describe targets from their class files only, not by reflection on loaded classes (fewer classes to load)
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
        // the default ignore() skips the bootstrap classes that are our targets; look at the targets and nothing else
        .ignore(not(targets))
        .with(report);
    for (Hook hook : hooks) {
      builder = builder.type(hook.type()).transform((b, type, loader, module, domain) -> {
        report.matched(hook, type, type.getDeclaredMethods().filter(hook.method()).size());
        return b.visit(Advice.to(hook.advice()).on(hook.method()));
      });
    }
    builder.installOn(inst);
    for (Hook hook : required) {
      if (hook.required()) {
        load(hook.jdkType());
      }
    }
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
