package dev.socksify.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.ClassFileTransformer;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * The hooks as a Byte Buddy {@link AgentBuilder}, used as a raw transformer behind {@link HookTransformer}: it runs
 * only for classes the {@link HookCache} does not have, so a warm start never loads Byte Buddy.
 */
final class ByteBuddyHooks {
  private ByteBuddyHooks() {}

  /** The Byte Buddy matcher for {@code hook}'s method. */
  static ElementMatcher.Junction<MethodDescription> method(Hook hook) {
    return hook.method().equals("<clinit>") ? isTypeInitializer()
        : named(hook.method()).and(hasDescriptor(hook.descriptor()));
  }

  static ClassFileTransformer transformer(List<Hook> hooks, HookReport report) {
    ElementMatcher<TypeDescription> targets = type -> hooks.stream().anyMatch(h -> h.typeName().test(type.getName()));
    // validation only guards hand-built types; advice inlining builds none, and skipping it saves start-up time
    AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
        // a retransformed class cannot gain members; inlined advice adds none, and this keeps Byte Buddy from trying
        .disableClassFormatChanges()
        // advice only rewrites method bodies: decorating skips building the type's full method graph
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        // describe targets from their class files only, not by reflection on loaded classes (fewer classes to load)
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
        // the default ignore() skips the bootstrap classes that are our targets; look at the targets and nothing else
        .ignore(not(targets))
        .with(new Listener(report));
    for (Hook hook : hooks) {
      ElementMatcher.Junction<MethodDescription> method = method(hook);
      builder = builder.type(type -> hook.typeName().test(type.getName())).transform((b, type, loader, module, pd) -> {
        // Byte Buddy lists no type initializers; advice on one that lacks its field fails, which onError reports
        int methods = hook.method().equals("<clinit>") ? 1 : type.getDeclaredMethods().filter(method).size();
        report.matched(hook, type.getName(), methods);
        return b.visit(Advice.to(hook.advice()).on(method));
      });
    }
    // raw: HookTransformer is the registered transformer and retransforms the loaded targets itself
    return builder.makeRaw();
  }

  private static final class Listener extends AgentBuilder.Listener.Adapter {
    private final HookReport report;

    Listener(HookReport report) {
      this.report = report;
    }

    @Override
    public void onTransformation(
        TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
      report.transformed(type.getName());
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      report.failed(typeName, error);
    }
  }
}
