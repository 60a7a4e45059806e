package dev.socksify.agent.install;

import dev.socksify.agent.advice.AsyncConnectAdvice;
import dev.socksify.agent.advice.ChannelConnectAdvice;
import dev.socksify.agent.advice.NameLookupAdvice;
import dev.socksify.agent.advice.NetConnectAdvice;
import dev.socksify.agent.advice.NettyNativeAdvice;
import dev.socksify.agent.advice.ReverseLookupAdvice;
import dev.socksify.agent.advice.SocketImplConnectAdvice;
import dev.socksify.agent.advice.TimedChannelConnectAdvice;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Every method the agent advises, in one table (JDK 17 to 25 share these signatures). */
public final class Hooks {
  /**
   * Leaves out the hooks whose names contain one of these comma-separated words, as if this JDK lacked them: the
   * agent tests use it to exercise the self-check and failing closed, which no real JDK here would trigger.
   */
  public static final String SKIP_PROPERTY = "socksify.internal.skipHooks";

  private Hooks() {}

  /** {@code hooks} but those named in {@code skip} (see {@link #SKIP_PROPERTY}). */
  public static List<Hook> without(List<Hook> hooks, String skip) {
    List<String> words = Arrays.stream(skip.split(",")).map(String::trim).filter(w -> !w.isEmpty()).toList();
    return hooks.stream().filter(h -> words.stream().noneMatch(h.name()::contains)).toList();
  }

  public static List<Hook> all() {
    return List.of(
        Hook.jdk("sun.nio.ch.Net.connect(ProtocolFamily, FileDescriptor, InetAddress, int)", "sun.nio.ch.Net",
            "connect", "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)I",
            NetConnectAdvice.class),
        Hook.jdk("sun.nio.ch.NioSocketImpl.connect(SocketAddress, int)", "sun.nio.ch.NioSocketImpl",
            "connect", "(Ljava/net/SocketAddress;I)V", SocketImplConnectAdvice.class),
        Hook.jdk("sun.nio.ch.SocketChannelImpl.connect(SocketAddress)", "sun.nio.ch.SocketChannelImpl",
            "connect", "(Ljava/net/SocketAddress;)Z", ChannelConnectAdvice.class),
        Hook.jdk("sun.nio.ch.SocketChannelImpl.blockingConnect(SocketAddress, long)", "sun.nio.ch.SocketChannelImpl",
            "blockingConnect", "(Ljava/net/SocketAddress;J)V", TimedChannelConnectAdvice.class),
        Hook.jdk("sun.nio.ch.UnixAsynchronousSocketChannelImpl.implConnect(SocketAddress, Object, CompletionHandler)",
            "sun.nio.ch.UnixAsynchronousSocketChannelImpl", "implConnect",
            "(Ljava/net/SocketAddress;Ljava/lang/Object;Ljava/nio/channels/CompletionHandler;)"
                + "Ljava/util/concurrent/Future;",
            AsyncConnectAdvice.class),
        Hook.library("Netty Epoll/IoUring availability",
            name -> name.endsWith(".channel.epoll.Epoll") || name.endsWith(".channel.uring.IoUring")
                || name.endsWith(".channel.uring.IOUring"),
            "<clinit>", "()V", NettyNativeAdvice.class));
  }

  /**
   * {@link #all()} and the name service hooks, for remote DNS: forward lookups ({@code (String, InetAddress)} on JDK
   * 17, {@code (String)} on 18+) and reverse lookups ({@code (InetAddress, boolean)} on 17, {@code (InetAddress)} on
   * 18+). Only installed when names go to the chain: with local DNS the JDK resolves as it always does.
   */
  public static List<Hook> withDns() {
    List<Hook> hooks = new ArrayList<>(all());
    hooks.add(Hook.jdk("java.net.InetAddress.getAddressesFromNameService(String, ...)", "java.net.InetAddress",
        "getAddressesFromNameService", inetAddressDescriptor("getAddressesFromNameService",
            "(Ljava/lang/String;)[Ljava/net/InetAddress;",
            "(Ljava/lang/String;Ljava/net/InetAddress;)[Ljava/net/InetAddress;"),
        NameLookupAdvice.class));
    hooks.add(Hook.jdk("java.net.InetAddress.getHostFromNameService(InetAddress, ...)", "java.net.InetAddress",
        "getHostFromNameService", inetAddressDescriptor("getHostFromNameService",
            "(Ljava/net/InetAddress;)Ljava/lang/String;",
            "(Ljava/net/InetAddress;Z)Ljava/lang/String;"),
        ReverseLookupAdvice.class));
    return List.copyOf(hooks);
  }

  /**
   * The descriptor of {@code InetAddress}'s method {@code name} on this JDK: the first of {@code candidates} it
   * declares (JDK 18's resolver SPI dropped a parameter), else the first, which the self-check then reports missing.
   */
  private static String inetAddressDescriptor(String name, String... candidates) {
    for (Method method : InetAddress.class.getDeclaredMethods()) {
      if (method.getName().equals(name)) {
        String descriptor = MethodType.methodType(method.getReturnType(), method.getParameterTypes())
            .toMethodDescriptorString();
        if (Arrays.asList(candidates).contains(descriptor)) {
          return descriptor;
        }
      }
    }
    return candidates[0];
  }
}
