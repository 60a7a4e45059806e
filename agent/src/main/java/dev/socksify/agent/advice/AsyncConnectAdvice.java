package dev.socksify.agent.advice;

import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;

/** Inlined into {@code UnixAsynchronousSocketChannelImpl.implConnect}: never blocks its caller. */
public final class AsyncConnectAdvice {
  private AsyncConnectAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  public static Object enter(@Advice.This Object channel, @Advice.Argument(0) SocketAddress remote) {
    return SocksifyBridge.enterConnect(channel, remote, 0L);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token, @Advice.Thrown(readOnly = false) Throwable thrown) {
    SocksifyBridge.exitConnect(token);
    thrown = SocksifyBridge.thrown(token, thrown);
  }
}
