package dev.socksify.agent.udp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

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
import java.io.FileDescriptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The UDP hooks, all on {@code sun.nio.ch.DatagramChannelImpl}, which carries {@code DatagramChannel} and (since
 * JDK 15) {@code DatagramSocket}; JDK 17 to 25 share these signatures. Every one is required: with one missing the
 * agent fails closed for UDP as for TCP.
 */
public final class DatagramHooks {
  private static final String IMPL = "sun.nio.ch.DatagramChannelImpl";

  private DatagramHooks() {}

  public static List<Hook> all() {
    return List.of(
        hook("send(FileDescriptor, ByteBuffer, InetSocketAddress)", named("send")
            .and(takesArguments(FileDescriptor.class, ByteBuffer.class, InetSocketAddress.class)),
            DatagramSendAdvice.class),
        hook("receive(ByteBuffer, boolean)", named("receive").and(takesArguments(ByteBuffer.class, boolean.class)),
            DatagramReceiveAdvice.class),
        hook("sourceSocketAddress()", named("sourceSocketAddress").and(takesArguments(0)),
            DatagramSenderAdvice.class),
        hook("beginWrite(boolean, boolean)", named("beginWrite").and(takesArguments(boolean.class, boolean.class)),
            DatagramBeginWriteAdvice.class),
        hook("read(ByteBuffer)", named("read").and(takesArguments(ByteBuffer.class)), DatagramReadAdvice.class),
        hook("read(ByteBuffer[], int, int)",
            named("read").and(takesArguments(ByteBuffer[].class, int.class, int.class)),
            DatagramScatterReadAdvice.class),
        hook("write(ByteBuffer)", named("write").and(takesArguments(ByteBuffer.class)), DatagramWriteAdvice.class),
        hook("write(ByteBuffer[], int, int)",
            named("write").and(takesArguments(ByteBuffer[].class, int.class, int.class)),
            DatagramGatherWriteAdvice.class),
        hook("connect(SocketAddress, boolean)",
            named("connect").and(takesArguments(SocketAddress.class, boolean.class)),
            DatagramConnectAdvice.class),
        hook("disconnect()", named("disconnect").and(takesArguments(0)), DatagramDisconnectAdvice.class),
        hook("implCloseSelectableChannel()", named("implCloseSelectableChannel").and(takesArguments(0)),
            DatagramCloseAdvice.class));
  }

  private static Hook hook(String method, ElementMatcher<? super MethodDescription> matcher, Class<?> advice) {
    return new Hook(IMPL + "." + method, IMPL, named(IMPL), matcher, advice);
  }
}
