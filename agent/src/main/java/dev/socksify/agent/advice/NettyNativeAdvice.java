package dev.socksify.agent.advice;

import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of the static initializer of Netty's {@code Epoll} and {@code IoUring} (any copy, shaded or
 * not): their native transports connect through JNI, past the JDK hooks, so socksify reports them unavailable and
 * Netty apps take the NIO transport, which is hooked. Apps that insist on epoll get Netty's own "unavailable" error
 * with this reason instead of a connection that leaks.
 */
public final class NettyNativeAdvice {
  private NettyNativeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.FieldValue(value = "UNAVAILABILITY_CAUSE", readOnly = false) Throwable cause) {
    cause = new UnsupportedOperationException(
        "socksify: Netty's native transport bypasses the proxy chain; use the NIO transport (the agent turned it off)");
  }
}
