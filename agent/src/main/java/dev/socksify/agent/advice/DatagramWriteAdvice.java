package dev.socksify.agent.advice;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;
import sun.nio.ch.SocksifyDatagramBridge;

/**
 * Inlined into {@code DatagramChannelImpl.write(ByteBuffer)}: a channel connected through the chain writes by
 * sending to its destination, so the datagram is wrapped for hop 1's relay.
 */
public final class DatagramWriteAdvice {
  private DatagramWriteAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(@Advice.This DatagramChannel channel, @Advice.Argument(0) ByteBuffer src) {
    return SocksifyDatagramBridge.write(channel, src);
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
