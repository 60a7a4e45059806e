package dev.socksify.agent.advice;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;
import sun.nio.ch.SocksifyDatagramBridge;

/** Inlined into {@code DatagramChannelImpl.read(ByteBuffer[], int, int)}: as {@link DatagramReadAdvice}. */
public final class DatagramScatterReadAdvice {
  private DatagramScatterReadAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(
      @Advice.This DatagramChannel channel,
      @Advice.Argument(0) ByteBuffer[] dsts,
      @Advice.Argument(1) int offset,
      @Advice.Argument(2) int length) {
    return SocksifyDatagramBridge.read(channel, dsts, offset, length);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object outcome,
      @Advice.Return(readOnly = false) long result,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    result = SocksifyDatagramBridge.result(outcome, result);
    thrown = SocksifyBridge.thrown(outcome, thrown);
  }
}
