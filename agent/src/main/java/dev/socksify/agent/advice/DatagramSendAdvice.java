package dev.socksify.agent.advice;

import java.io.FileDescriptor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;
import sun.nio.ch.SocksifyDatagramBridge;

/**
 * Inlined into {@code DatagramChannelImpl.send(FileDescriptor, ByteBuffer, InetSocketAddress)}, where every
 * unconnected send ends ({@code DatagramChannel.send} and {@code DatagramSocket.send} alike): a datagram for the
 * chain is wrapped and sent to hop 1's relay instead.
 */
public final class DatagramSendAdvice {
  private DatagramSendAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(
      @Advice.This DatagramChannel channel,
      @Advice.Argument(0) FileDescriptor fd,
      @Advice.Argument(1) ByteBuffer src,
      @Advice.Argument(2) InetSocketAddress target) {
    return SocksifyDatagramBridge.send(channel, fd, src, target);
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
