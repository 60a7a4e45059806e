package dev.socksify.agent.advice;

import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;

/**
 * Inlined into {@code NioSocketImpl.connect(SocketAddress, int)}: a blocking {@code java.net.Socket} connect with the
 * app's timeout in milliseconds (0 = none).
 */
public final class SocketImplConnectAdvice {
  private SocketImplConnectAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  public static Object enter(
      @Advice.This Object impl, @Advice.Argument(0) SocketAddress remote, @Advice.Argument(1) int millis) {
    return SocksifyBridge.enterConnect(impl, remote, millis * 1_000_000L);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token, @Advice.Thrown(readOnly = false) Throwable thrown) {
    SocksifyBridge.exitConnect(token);
    thrown = SocksifyBridge.thrown(token, thrown);
  }
}
