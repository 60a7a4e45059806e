package dev.socksify.agent.advice;

import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;

/**
 * Inlined into {@code SocketChannelImpl.connect(SocketAddress)}: blocking or not, as the channel is configured; no
 * timeout.
 */
public final class ChannelConnectAdvice {
  private ChannelConnectAdvice() {}

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
