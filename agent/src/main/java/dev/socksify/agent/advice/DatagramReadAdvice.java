package dev.socksify.agent.advice;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;
import sun.nio.ch.SocksifyDatagramBridge;

/**
 * Inlined into {@code DatagramChannelImpl.read(ByteBuffer)}: a channel connected through the chain reads by
 * receiving, so the datagram is unwrapped and checked against the connected destination.
 */
public final class DatagramReadAdvice {
  private DatagramReadAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(@Advice.This DatagramChannel channel, @Advice.Argument(0) ByteBuffer dst) {
    return SocksifyDatagramBridge.read(channel, dst);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object outcome,
      @Advice.Return(readOnly = false) int result,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    result = SocksifyBridge.result(outcome, result);
    thrown = SocksifyBridge.thrown(outcome, thrown);
  }
}
