package dev.socksify.agent.advice;

import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;

/**
 * Inlined into {@code SocketChannelImpl.blockingConnect(SocketAddress, long)}, which the channel's socket adaptor
 * uses for {@code channel.socket().connect(address, timeout)}; the timeout is in nanoseconds, Long.MAX_VALUE for
 * none.
 */
public final class TimedChannelConnectAdvice {
  private TimedChannelConnectAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  public static Object enter(
      @Advice.This Object channel, @Advice.Argument(0) SocketAddress remote, @Advice.Argument(1) long nanos) {
    return SocksifyBridge.enterConnect(channel, remote, nanos);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token, @Advice.Thrown(readOnly = false) Throwable thrown) {
    SocksifyBridge.exitConnect(token);
    thrown = SocksifyBridge.thrown(token, thrown);
  }
}
