package dev.socksify.agent.advice;

import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyDatagramBridge;

/**
 * Inlined at the exit of {@code DatagramChannelImpl.beginWrite(boolean, boolean)}, which tells {@code send} whether
 * the channel is connected: for a channel connected through the chain it answers "not connected", so the send
 * takes the unconnected path that {@link DatagramSendAdvice} wraps (the socket itself is connected to hop 1's relay).
 */
public final class DatagramBeginWriteAdvice {
  private DatagramBeginWriteAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This DatagramChannel channel, @Advice.Return(readOnly = false) SocketAddress remote) {
    remote = SocksifyDatagramBridge.remoteForWrite(channel, remote);
  }
}
