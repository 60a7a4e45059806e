package dev.socksify.agent.advice;

import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;
import sun.nio.ch.SocksifyDatagramBridge;

/**
 * Inlined into {@code DatagramChannelImpl.connect(SocketAddress, boolean)} ({@code DatagramChannel.connect} and
 * {@code DatagramSocket.connect}): routes the destination and, for the chain, opens the association, so the
 * {@code Net.connect} that follows connects the socket to hop 1's relay while the channel reports the destination.
 */
public final class DatagramConnectAdvice {
  private DatagramConnectAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  public static Object enter(@Advice.This DatagramChannel channel, @Advice.Argument(0) SocketAddress remote) {
    return SocksifyDatagramBridge.enterConnect(channel, remote);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This DatagramChannel channel,
      @Advice.Enter Object token,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    SocksifyDatagramBridge.exitConnect(channel, token, thrown);
    thrown = SocksifyBridge.thrown(token, thrown);
  }
}
