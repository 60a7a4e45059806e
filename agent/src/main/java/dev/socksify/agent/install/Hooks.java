package dev.socksify.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.socksify.agent.advice.AsyncConnectAdvice;
import dev.socksify.agent.advice.ChannelConnectAdvice;
import dev.socksify.agent.advice.NetConnectAdvice;
import dev.socksify.agent.advice.NettyNativeAdvice;
import dev.socksify.agent.advice.SocketImplConnectAdvice;
import dev.socksify.agent.advice.TimedChannelConnectAdvice;
import java.io.FileDescriptor;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;

/** Every method the agent advises, in one table (JDK 17 to 25 share these signatures). */
public final class Hooks {
  private Hooks() {}

  /**
   * Leaves out the hooks whose names contain one of these comma-separated words, as if this JDK lacked them: the
   * agent tests use it to exercise the self-check and failing closed, which no real JDK here would trigger.
   */
  public static final String SKIP_PROPERTY = "socksify.internal.skipHooks";

  /** {@code hooks} but those named in {@code skip} (see {@link #SKIP_PROPERTY}). */
  public static List<Hook> without(List<Hook> hooks, String skip) {
    List<String> words = Arrays.stream(skip.split(",")).map(String::trim).filter(w -> !w.isEmpty()).toList();
    return hooks.stream().filter(h -> words.stream().noneMatch(h.name()::contains)).toList();
  }

  public static List<Hook> all() {
    return List.of(
        new Hook("sun.nio.ch.Net.connect(ProtocolFamily, FileDescriptor, InetAddress, int)", "sun.nio.ch.Net",
            named("sun.nio.ch.Net"),
            named("connect").and(isStatic())
                .and(takesArguments(ProtocolFamily.class, FileDescriptor.class, InetAddress.class, int.class)),
            NetConnectAdvice.class),
        new Hook("sun.nio.ch.NioSocketImpl.connect(SocketAddress, int)", "sun.nio.ch.NioSocketImpl",
            named("sun.nio.ch.NioSocketImpl"),
            named("connect").and(takesArguments(SocketAddress.class, int.class)),
            SocketImplConnectAdvice.class),
        new Hook("sun.nio.ch.SocketChannelImpl.connect(SocketAddress)", "sun.nio.ch.SocketChannelImpl",
            named("sun.nio.ch.SocketChannelImpl"),
            named("connect").and(takesArguments(SocketAddress.class)),
            ChannelConnectAdvice.class),
        new Hook("sun.nio.ch.SocketChannelImpl.blockingConnect(SocketAddress, long)", "sun.nio.ch.SocketChannelImpl",
            named("sun.nio.ch.SocketChannelImpl"),
            named("blockingConnect").and(takesArguments(SocketAddress.class, long.class)),
            TimedChannelConnectAdvice.class),
        new Hook("sun.nio.ch.UnixAsynchronousSocketChannelImpl.implConnect(SocketAddress, Object, CompletionHandler)",
            "sun.nio.ch.UnixAsynchronousSocketChannelImpl",
            named("sun.nio.ch.UnixAsynchronousSocketChannelImpl"),
            named("implConnect").and(takesArguments(3)).and(takesArgument(0, SocketAddress.class)),
            AsyncConnectAdvice.class),
        new Hook("Netty Epoll/IoUring availability", null,
            nameEndsWith(".channel.epoll.Epoll")
                .or(nameEndsWith(".channel.uring.IoUring"))
                .or(nameEndsWith(".channel.uring.IOUring")),
            isTypeInitializer(),
            NettyNativeAdvice.class));
  }
}
