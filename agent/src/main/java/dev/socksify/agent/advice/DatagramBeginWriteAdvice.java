package dev.socksify.agent.advice;

import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;
import sun.nio.ch.SocksifyDatagramBridge;

/**
 * Inlined at the exit of {@code DatagramChannelImpl.beginWrite(boolean, boolean)}, which tells {@code send} whether
 * the channel is connected: for a channel connected through the chain it answers "not connected", so the send
 * takes the unconnected path that {@link DatagramSendAdvice} wraps (the socket itself is connected to hop 1's relay).
 * Every send passes here, which makes it the place to refuse them all when another UDP hook is missing.
 */
public final class DatagramBeginWriteAdvice {
  private DatagramBeginWriteAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This DatagramChannel channel,
      @Advice.Return(readOnly = false) SocketAddress remote,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (thrown == null) {
      Object outcome = SocksifyDatagramBridge.beginWrite(channel, remote);
      remote = SocksifyDatagramBridge.remote(outcome);
      thrown = SocksifyBridge.thrown(outcome, null);
    }
  }
}
