package dev.socksify.agent.inband;

import dev.socksify.agent.connect.VirtualThreads;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * The JDK internals the in-band path drives the app's own socket with: {@code sun.nio.ch.Net} (connect, poll),
 * {@code IOUtil} with a {@code SocketDispatcher} (read, write), and {@code InheritedChannel}'s {@code dup2}. All of them
 * exist with these signatures on JDK 17 through 25; {@link #load()} looks every one up at start so an unknown JDK is
 * found by the self-check, not by the first connection.
 */
public final class SunNio {
  /** {@code IOStatus.UNAVAILABLE}: a non-blocking call would block. */
  public static final int UNAVAILABLE = -2;
  /** {@code IOStatus.INTERRUPTED}: the call was interrupted by a signal; retry. */
  public static final int INTERRUPTED = -3;

  private final MethodHandle connect;
  private final MethodHandle poll;
  private final MethodHandle pollConnect;
  private final MethodHandle read;
  private final MethodHandle write;
  private final MethodHandle localAddress;
  private final MethodHandle socket;
  private final MethodHandle fdVal;
  private final MethodHandle configureBlocking;
  private final MethodHandle dup2;
  private final MethodHandle close;
  private final MethodHandle soType;
  private final MethodHandle virtualPoll;
  private final Object socketDispatcher;
  private final int pollIn;
  private final int pollOut;
  private final int sockStream;

  private SunNio() throws Throwable {
    MethodHandles.Lookup base = MethodHandles.lookup();
    Class<?> net = Class.forName("sun.nio.ch.Net");
    Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
    Class<?> inherited = Class.forName("sun.nio.ch.InheritedChannel");
    Class<?> nativeDispatcher = Class.forName("sun.nio.ch.NativeDispatcher");
    Class<?> dispatcher = Class.forName("sun.nio.ch.SocketDispatcher");
    MethodHandles.Lookup netLookup = MethodHandles.privateLookupIn(net, base);
    MethodHandles.Lookup ioLookup = MethodHandles.privateLookupIn(ioUtil, base);
    MethodHandles.Lookup inheritedLookup = MethodHandles.privateLookupIn(inherited, base);
    connect = netLookup.findStatic(net, "connect",
        MethodType.methodType(int.class, ProtocolFamily.class, FileDescriptor.class, InetAddress.class, int.class));
    poll = netLookup.findStatic(net, "poll",
        MethodType.methodType(int.class, FileDescriptor.class, int.class, long.class));
    pollConnect = netLookup.findStatic(net, "pollConnect",
        MethodType.methodType(boolean.class, FileDescriptor.class, long.class));
    localAddress = netLookup.findStatic(net, "localAddress",
        MethodType.methodType(InetSocketAddress.class, FileDescriptor.class));
    socket = netLookup.findStatic(net, "socket",
        MethodType.methodType(FileDescriptor.class, ProtocolFamily.class, boolean.class));
    pollIn = (short) netLookup.findStaticVarHandle(net, "POLLIN", short.class).get();
    pollOut = (short) netLookup.findStaticVarHandle(net, "POLLOUT", short.class).get();
    read = ioLookup.findStatic(ioUtil, "read",
        MethodType.methodType(int.class, FileDescriptor.class, ByteBuffer.class, long.class, nativeDispatcher));
    write = ioLookup.findStatic(ioUtil, "write",
        MethodType.methodType(int.class, FileDescriptor.class, ByteBuffer.class, long.class, nativeDispatcher));
    fdVal = ioLookup.findStatic(ioUtil, "fdVal", MethodType.methodType(int.class, FileDescriptor.class));
    configureBlocking = ioLookup.findStatic(ioUtil, "configureBlocking",
        MethodType.methodType(void.class, FileDescriptor.class, boolean.class));
    socketDispatcher = MethodHandles.privateLookupIn(dispatcher, base)
        .findConstructor(dispatcher, MethodType.methodType(void.class)).invoke();
    dup2 = inheritedLookup.findStatic(inherited, "dup2", MethodType.methodType(void.class, int.class, int.class));
    close = inheritedLookup.findStatic(inherited, "close0", MethodType.methodType(void.class, int.class));
    soType = inheritedLookup.findStatic(inherited, "soType0", MethodType.methodType(int.class, int.class));
    VarHandle stream = inheritedLookup.findStaticVarHandle(inherited, "SOCK_STREAM", int.class);
    sockStream = (int) stream.get();
    virtualPoll = virtualThreadPoll(base);
  }

  /** Looks up every internal; throws naming the first one this JDK lacks. */
  public static SunNio load() throws ReflectiveOperationException {
    try {
      return new SunNio();
    } catch (ReflectiveOperationException e) {
      throw e;
    } catch (Throwable t) {
      throw new ReflectiveOperationException(t);
    }
  }

  // JDK 21+: a virtual thread waits for its socket through the JDK's poller instead of pinning its carrier in poll(2).
  private static MethodHandle virtualThreadPoll(MethodHandles.Lookup base) {
    try {
      Class<?> poller = Class.forName("sun.nio.ch.Poller");
      return MethodHandles.privateLookupIn(poller, base).findStatic(poller, "poll",
          MethodType.methodType(void.class, int.class, int.class, long.class, BooleanSupplier.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The JDK's own connect; callers mark their thread first so the hook lets it through. */
  public int connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port) throws IOException {
    try {
      return (int) connect.invokeExact(family, fd, remote, port);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /**
   * Waits until {@code fd} is readable ({@code forRead}) or writable, at most {@code millis} ms (-1: no limit).
   *
   * @return false if the time ran out
   */
  public boolean await(FileDescriptor fd, boolean forRead, long millis) throws IOException {
    int event = forRead ? pollIn : pollOut;
    if (virtualPoll != null && VirtualThreads.current()) {
      long nanos = millis < 0 ? 0 : Math.max(1, millis) * 1_000_000L;
      try {
        virtualPoll.invokeExact(fdVal(fd), event, nanos, (BooleanSupplier) fd::valid);
      } catch (IOException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IOException(t);
      }
      return invokePoll(fd, event, 0) != 0;
    }
    return invokePoll(fd, event, millis) != 0;
  }

  private int invokePoll(FileDescriptor fd, int event, long millis) throws IOException {
    try {
      return (int) poll.invokeExact(fd, event, millis);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /**
   * Waits up to {@code millis} for a pending connect to finish: true once connected, false if not yet (the time ran
   * out, or the wait was cut short); throws the connect's failure (refused, unreachable). One poll and one
   * getsockopt on a platform thread; a virtual thread parks instead of blocking its carrier.
   */
  public boolean awaitConnect(FileDescriptor fd, long millis) throws IOException {
    if (virtualPoll != null && VirtualThreads.current()) {
      return await(fd, false, millis) && pollConnect(fd, 0);
    }
    return pollConnect(fd, millis);
  }

  private boolean pollConnect(FileDescriptor fd, long millis) throws IOException {
    try {
      return (boolean) pollConnect.invokeExact(fd, millis);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /** One read(2): bytes read, -1 at EOF, {@link #UNAVAILABLE} or {@link #INTERRUPTED}. */
  public int read(FileDescriptor fd, ByteBuffer dst) throws IOException {
    try {
      return (int) read.invoke(fd, dst, -1L, socketDispatcher);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /** One write(2): bytes written, {@link #UNAVAILABLE} or {@link #INTERRUPTED}. */
  public int write(FileDescriptor fd, ByteBuffer src) throws IOException {
    try {
      return (int) write.invoke(fd, src, -1L, socketDispatcher);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  public InetSocketAddress localAddress(FileDescriptor fd) throws IOException {
    try {
      return (InetSocketAddress) localAddress.invokeExact(fd);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /** A new TCP socket of {@code family}, blocking, as {@code SocketChannel.open} would create it. */
  public FileDescriptor newStreamSocket(ProtocolFamily family) throws IOException {
    try {
      return (FileDescriptor) socket.invokeExact(family, true);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /** Sets or clears O_NONBLOCK on {@code fd}. */
  public void configureBlocking(FileDescriptor fd, boolean blocking) throws IOException {
    try {
      configureBlocking.invokeExact(fd, blocking);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /** dup2(2): makes {@code target} refer to the socket {@code source} refers to. */
  public void dup2(FileDescriptor source, FileDescriptor target) throws IOException {
    try {
      dup2.invokeExact(fdVal(source), fdVal(target));
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /** close(2) of a descriptor the agent created itself. */
  public void close(FileDescriptor fd) throws IOException {
    try {
      close.invokeExact(fdVal(fd));
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /** Whether {@code fd} is a TCP socket (SOCK_STREAM), as opposed to UDP. */
  public boolean isStream(FileDescriptor fd) {
    try {
      return (int) soType.invokeExact(fdVal(fd)) == sockStream;
    } catch (Throwable t) {
      return true;
    }
  }

  private int fdVal(FileDescriptor fd) {
    try {
      return (int) fdVal.invokeExact(fd);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
