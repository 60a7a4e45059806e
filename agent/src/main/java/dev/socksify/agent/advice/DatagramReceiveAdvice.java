package dev.socksify.agent.advice;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;
import sun.nio.ch.SocksifyDatagramBridge;

/**
 * Inlined into {@code DatagramChannelImpl.receive(ByteBuffer, boolean)}, where every receive of a channel or a
 * {@code DatagramSocket} reads one datagram: on a socket with a UDP association it unwraps what hop 1's relay sent.
 * When the JDK's own receive ran (the socket had no association yet when it began), the exit lets the agent repair
 * a datagram from a relay that arrived meanwhile.
 */
public final class DatagramReceiveAdvice {
  private DatagramReceiveAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(
      @Advice.This DatagramChannel channel,
      @Advice.Argument(0) ByteBuffer dst,
      @Advice.Argument(1) boolean connected,
      @Advice.Local("start") int start) {
    start = dst.position();
    return SocksifyDatagramBridge.receive(channel, dst, connected);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This DatagramChannel channel,
      @Advice.Argument(0) ByteBuffer dst,
      @Advice.Local("start") int start,
      @Advice.Enter Object outcome,
      @Advice.Return(readOnly = false) int result,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (outcome == null && thrown == null) {
      result = SocksifyDatagramBridge.afterReceive(channel, dst, start, result);
    } else {
      result = SocksifyBridge.result(outcome, result);
      thrown = SocksifyBridge.thrown(outcome, thrown);
    }
  }
}
