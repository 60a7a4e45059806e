package dev.socksify.agent.advice;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;
import sun.nio.ch.SocksifyDatagramBridge;

/**
 * Inlined into {@code DatagramChannelImpl.sourceSocketAddress()}, which names the sender of the datagram just
 * received: for an unwrapped datagram, the real remote sender instead of hop 1's relay.
 */
public final class DatagramSenderAdvice {
  private DatagramSenderAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(@Advice.This DatagramChannel channel) {
    return SocksifyDatagramBridge.sender(channel);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object outcome,
      @Advice.Return(readOnly = false) InetSocketAddress result,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    result = SocksifyDatagramBridge.address(outcome, result);
    thrown = SocksifyBridge.thrown(outcome, thrown);
  }
}
