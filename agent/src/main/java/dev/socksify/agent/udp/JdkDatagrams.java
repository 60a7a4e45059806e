package dev.socksify.agent.udp;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The private parts of {@code sun.nio.ch.DatagramChannelImpl} the UDP path drives the app's own socket with: the
 * native send and receive of a direct buffer (below the hooked methods, so calling them does not re-enter the
 * hooks), the sender of the last datagram, and the channel's protocol family; and the JDK's per-thread cache of
 * temporary direct buffers ({@code sun.nio.ch.Util}), which the JDK itself uses for every datagram sent from or
 * received into a heap buffer. The same signatures exist on JDK 17 through 25; {@link #load()} looks every one up
 * at start.
 */
final class JdkDatagrams {
  /** {@code IOStatus.UNAVAILABLE}: a non-blocking call would block. */
  static final int UNAVAILABLE = -2;

  private final MethodHandle sendFromNativeBuffer;
  private final MethodHandle receiveIntoNativeBuffer;
  private final MethodHandle sourceSocketAddress;
  private final MethodHandle family;
  private final MethodHandle temporaryBuffer;
  private final MethodHandle releaseBuffer;

  private JdkDatagrams() throws ReflectiveOperationException {
    Class<?> impl = Class.forName("sun.nio.ch.DatagramChannelImpl");
    MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(impl, MethodHandles.lookup());
    sendFromNativeBuffer = lookup.findVirtual(impl, "sendFromNativeBuffer",
            MethodType.methodType(int.class, FileDescriptor.class, ByteBuffer.class, InetSocketAddress.class))
        .asType(MethodType.methodType(int.class, DatagramChannel.class, FileDescriptor.class, ByteBuffer.class,
            InetSocketAddress.class));
    receiveIntoNativeBuffer = lookup.findVirtual(impl, "receiveIntoNativeBuffer",
            MethodType.methodType(int.class, ByteBuffer.class, int.class, int.class, boolean.class))
        .asType(MethodType.methodType(int.class, DatagramChannel.class, ByteBuffer.class, int.class, int.class,
            boolean.class));
    sourceSocketAddress = lookup
        .findVirtual(impl, "sourceSocketAddress", MethodType.methodType(InetSocketAddress.class))
        .asType(MethodType.methodType(InetSocketAddress.class, DatagramChannel.class));
    family = lookup.findGetter(impl, "family", ProtocolFamily.class)
        .asType(MethodType.methodType(ProtocolFamily.class, DatagramChannel.class));
    Class<?> util = Class.forName("sun.nio.ch.Util");
    MethodHandles.Lookup utilLookup = MethodHandles.privateLookupIn(util, MethodHandles.lookup());
    temporaryBuffer = utilLookup.findStatic(util, "getTemporaryDirectBuffer",
        MethodType.methodType(ByteBuffer.class, int.class));
    releaseBuffer = utilLookup.findStatic(util, "offerFirstTemporaryDirectBuffer",
        MethodType.methodType(void.class, ByteBuffer.class));
  }

  /** Looks up every internal; throws naming the first one this JDK lacks. */
  static JdkDatagrams load() throws ReflectiveOperationException {
    return new JdkDatagrams();
  }

  /**
   * Sends {@code datagram}'s remaining bytes (a direct buffer) to {@code target} on {@code fd}.
   *
   * @return bytes sent, or {@link #UNAVAILABLE} when a non-blocking socket has no room
   */
  int send(DatagramChannel channel, FileDescriptor fd, ByteBuffer datagram, InetSocketAddress target)
      throws IOException {
    try {
      return (int) sendFromNativeBuffer.invokeExact(channel, fd, datagram, target);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /**
   * Receives one datagram into {@code buffer} (direct) from its position up to its limit; the sender is then
   * {@link #sender}.
   *
   * @param connected whether the socket is connected (the JDK then reports ICMP port unreachable)
   * @return bytes received, or a negative {@code IOStatus} (nothing there on a non-blocking socket, interrupted)
   */
  int receive(DatagramChannel channel, ByteBuffer buffer, boolean connected) throws IOException {
    try {
      int position = buffer.position();
      return (int) receiveIntoNativeBuffer.invokeExact(channel, buffer, buffer.remaining(), position, connected);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /** The sender of the datagram {@link #receive} returned, as the JDK decodes it; the caller holds no hook open. */
  InetSocketAddress sender(DatagramChannel channel) throws IOException {
    try {
      return (InetSocketAddress) sourceSocketAddress.invokeExact(channel);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /** A direct buffer of at least {@code size} bytes from the JDK's cache; give it back with {@link #release}. */
  ByteBuffer temporaryBuffer(int size) {
    try {
      ByteBuffer buffer = (ByteBuffer) temporaryBuffer.invokeExact(size);
      buffer.clear().limit(size);
      return buffer;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Returns a buffer from {@link #temporaryBuffer} to the cache. */
  void release(ByteBuffer buffer) {
    try {
      releaseBuffer.invokeExact(buffer);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** The family the channel's socket was opened with. */
  ProtocolFamily family(DatagramChannel channel) {
    try {
      return (ProtocolFamily) family.invokeExact(channel);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
