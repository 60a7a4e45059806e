package dev.socksify.agent.advice;

import java.nio.channels.DatagramChannel;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyDatagramBridge;

/**
 * Inlined at the exit of {@code DatagramChannelImpl.implCloseSelectableChannel()}, which every close of a channel
 * or a {@code DatagramSocket} runs once: the socket's UDP associations end with it.
 */
public final class DatagramCloseAdvice {
  private DatagramCloseAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This DatagramChannel channel) {
    SocksifyDatagramBridge.closed(channel);
  }
}
