package dev.socksify.agent.advice;

import java.nio.channels.DatagramChannel;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyDatagramBridge;

/** Inlined at the exit of {@code DatagramChannelImpl.disconnect()}: the channel sends anywhere again. */
public final class DatagramDisconnectAdvice {
  private DatagramDisconnectAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This DatagramChannel channel) {
    SocksifyDatagramBridge.disconnected(channel);
  }
}
