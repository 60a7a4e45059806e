package dev.socksify.agent.install;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One method socksify advises.
 *
 * @param name how the self-check names it, e.g. {@code sun.nio.ch.Net.connect(ProtocolFamily, FileDescriptor,
 *     InetAddress, int)}
 * @param jdkType the JDK class to load at start for the self-check, or {@code null} for hooks on classes an app may
 *     or may not bring (Netty)
 * @param type which classes
 * @param method which method of them (exactly one must match)
 * @param advice the advice class
 */
public record Hook(
    String name,
    String jdkType,
    ElementMatcher<? super TypeDescription> type,
    ElementMatcher<? super MethodDescription> method,
    Class<?> advice) {

  /** Whether the self-check requires it: the JDK hooks are, the hooks on app libraries are not. */
  public boolean required() {
    return jdkType != null;
  }
}
