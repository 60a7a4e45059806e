package dev.socksify.agent.install;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * One method socksify advises, described without Byte Buddy types, so that a start-up served from the
 * {@link HookCache} never loads Byte Buddy at all.
 *
 * @param name how the self-check names it, e.g. {@code sun.nio.ch.Net.connect(ProtocolFamily, FileDescriptor,
 *     InetAddress, int)}
 * @param jdkType the JDK class the self-check loads at start, or {@code null} for hooks on classes an app may or may
 *     not bring (Netty)
 * @param typeName which classes, by binary name
 * @param method the method's name ({@code <clinit>} for the static initializer)
 * @param descriptor the method's JVM descriptor, e.g. {@code (Ljava/net/SocketAddress;I)V}
 * @param advice the advice class
 */
public record Hook(
    String name, String jdkType, Predicate<String> typeName, String method, String descriptor, Class<?> advice) {

  /** A hook on the JDK class {@code type}, required by the self-check. */
  static Hook jdk(String name, String type, String method, String descriptor, Class<?> advice) {
    return new Hook(name, type, type::equals, method, descriptor, advice);
  }

  /** A hook on classes of a library an app may bring; not required. */
  static Hook library(String name, Predicate<String> typeName, String method, String descriptor, Class<?> advice) {
    return new Hook(name, null, typeName, method, descriptor, advice);
  }

  // equals and hashCode written out: the generated ones bootstrap java.lang.runtime.ObjectMethods at their first call,
  // which the hook report's maps make during the app's start-up, at some 40 ms
  @Override
  public boolean equals(Object other) {
    return other instanceof Hook hook && name.equals(hook.name) && Objects.equals(jdkType, hook.jdkType)
        && typeName.equals(hook.typeName) && method.equals(hook.method) && descriptor.equals(hook.descriptor)
        && advice == hook.advice;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, jdkType, typeName, method, descriptor, advice);
  }

  /** Whether the self-check requires it: the JDK hooks are, the hooks on app libraries are not. */
  public boolean required() {
    return jdkType != null;
  }
}
