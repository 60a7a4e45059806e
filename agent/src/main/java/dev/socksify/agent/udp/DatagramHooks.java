package dev.socksify.agent.udp;

import dev.socksify.agent.advice.DatagramBeginWriteAdvice;
import dev.socksify.agent.advice.DatagramCloseAdvice;
import dev.socksify.agent.advice.DatagramConnectAdvice;
import dev.socksify.agent.advice.DatagramDisconnectAdvice;
import dev.socksify.agent.advice.DatagramGatherWriteAdvice;
import dev.socksify.agent.advice.DatagramReadAdvice;
import dev.socksify.agent.advice.DatagramReceiveAdvice;
import dev.socksify.agent.advice.DatagramScatterReadAdvice;
import dev.socksify.agent.advice.DatagramSendAdvice;
import dev.socksify.agent.advice.DatagramSenderAdvice;
import dev.socksify.agent.advice.DatagramWriteAdvice;
import dev.socksify.agent.install.Hook;
import java.util.List;

/**
 * The UDP hooks, all on {@code sun.nio.ch.DatagramChannelImpl}, which carries {@code DatagramChannel} and (since
 * JDK 15) {@code DatagramSocket}; JDK 17 to 25 share these signatures. Every one is required: with one missing the
 * agent fails closed for UDP as for TCP.
 */
public final class DatagramHooks {
  static final String IMPL = "sun.nio.ch.DatagramChannelImpl";

  private DatagramHooks() {}

  public static List<Hook> all() {
    return List.of(
        hook("send(FileDescriptor, ByteBuffer, InetSocketAddress)", "send",
            "(Ljava/io/FileDescriptor;Ljava/nio/ByteBuffer;Ljava/net/InetSocketAddress;)I", DatagramSendAdvice.class),
        hook("receive(ByteBuffer, boolean)", "receive", "(Ljava/nio/ByteBuffer;Z)I", DatagramReceiveAdvice.class),
        hook("sourceSocketAddress()", "sourceSocketAddress", "()Ljava/net/InetSocketAddress;",
            DatagramSenderAdvice.class),
        hook("beginWrite(boolean, boolean)", "beginWrite", "(ZZ)Ljava/net/SocketAddress;",
            DatagramBeginWriteAdvice.class),
        hook("read(ByteBuffer)", "read", "(Ljava/nio/ByteBuffer;)I", DatagramReadAdvice.class),
        hook("read(ByteBuffer[], int, int)", "read", "([Ljava/nio/ByteBuffer;II)J", DatagramScatterReadAdvice.class),
        hook("write(ByteBuffer)", "write", "(Ljava/nio/ByteBuffer;)I", DatagramWriteAdvice.class),
        hook("write(ByteBuffer[], int, int)", "write", "([Ljava/nio/ByteBuffer;II)J",
            DatagramGatherWriteAdvice.class),
        hook("connect(SocketAddress, boolean)", "connect",
            "(Ljava/net/SocketAddress;Z)Ljava/nio/channels/DatagramChannel;", DatagramConnectAdvice.class),
        hook("disconnect()", "disconnect", "()Ljava/nio/channels/DatagramChannel;", DatagramDisconnectAdvice.class),
        hook("implCloseSelectableChannel()", "implCloseSelectableChannel", "()V", DatagramCloseAdvice.class));
  }

  private static Hook hook(String signature, String method, String descriptor, Class<?> advice) {
    return new Hook(IMPL + "." + signature, IMPL, IMPL::equals, method, descriptor, advice);
  }
}
