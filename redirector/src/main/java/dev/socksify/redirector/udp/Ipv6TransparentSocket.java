package dev.socksify.redirector.udp;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.socksify.chain.Addresses;
import dev.socksify.redirector.Log;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The IPv6 TPROXY listener: a transparent UDP socket on {@code [::1]:port} whose datagrams are read with
 * {@code recvmsg} on a thread of its own, each with its original destination from the {@code IPV6_ORIGDSTADDR}
 * control message. Netty's epoll transport reads that for IPv4 only (verified on 4.2.18: an IPv6 datagram's
 * recipient comes up as the listener's own address), so this one socket is read without Netty. The thread only
 * reads and hands on; flows run on the event loops.
 */
final class Ipv6TransparentSocket implements AutoCloseable {
  private static final int MAX_DATAGRAM = 65535;
  private static final int SOCKADDR_IN6 = 28;
  private static final int CONTROL = 256;
  /** How long one blocking read waits before checking whether to stop (shutdown wakes it sooner). */
  private static final int POLL_MILLIS = 500;

  private final int fd;
  private final int port;
  private final ByteBufAllocator alloc;
  private volatile boolean closed;
  private Thread reader;

  private Ipv6TransparentSocket(int fd, int port, ByteBufAllocator alloc) {
    this.fd = fd;
    this.port = port;
    this.alloc = alloc;
  }

  /**
   * Binds {@code [::1]:port} transparent (needs CAP_NET_ADMIN now, so call as root).
   *
   * @throws IOException with the errno, e.g. when IPv6 is off
   */
  static Ipv6TransparentSocket bind(int port, int receiveBuffer, ByteBufAllocator alloc) throws IOException {
    SocketCalls c = SocketCalls.INSTANCE;
    int fd;
    try {
      fd = c.socket(SocketCalls.AF_INET6, SocketCalls.SOCK_DGRAM | SocketCalls.SOCK_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw new IOException("cannot create an IPv6 UDP socket: errno " + e.getErrorCode(), e);
    }
    try {
      setInt(fd, SocketCalls.SOL_IPV6, SocketCalls.IPV6_V6ONLY, 1);
      setInt(fd, SocketCalls.SOL_IPV6, SocketCalls.IPV6_TRANSPARENT, 1);
      setInt(fd, SocketCalls.SOL_IPV6, SocketCalls.IPV6_RECVORIGDSTADDR, 1);
      setInt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_REUSEADDR, 1);
      setInt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_RCVBUFFORCE, receiveBuffer);
      Memory timeout = new Memory(16);
      timeout.clear();
      timeout.setLong(8, POLL_MILLIS * 1000L);
      c.setsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_RCVTIMEO, timeout, 16);
      Memory address = new Memory(SOCKADDR_IN6);
      address.clear();
      address.setShort(0, (short) SocketCalls.AF_INET6);
      address.setShort(2, Short.reverseBytes((short) port));
      address.setByte(8 + 15, (byte) 1);
      c.bind(fd, address, SOCKADDR_IN6);
      Memory length = new Memory(4);
      length.setInt(0, SOCKADDR_IN6);
      c.getsockname(fd, address, length);
      int bound = Short.toUnsignedInt(Short.reverseBytes(address.getShort(2)));
      return new Ipv6TransparentSocket(fd, bound, alloc);
    } catch (LastErrorException e) {
      closeQuietly(fd);
      throw new IOException("cannot bind the transparent UDP listener [::1]:" + port + ": errno "
          + e.getErrorCode() + " (" + e.getMessage() + ")", e);
    }
  }

  private static void setInt(int fd, int level, int name, int value) {
    Memory v = new Memory(4);
    v.setInt(0, value);
    SocketCalls.INSTANCE.setsockopt(fd, level, name, v, 4);
  }

  int port() {
    return port;
  }

  /** Starts the reader thread; every datagram goes to {@code arrivals}. */
  synchronized void open(Arrivals arrivals) {
    reader = new Thread(() -> readLoop(arrivals), "socksify-udp6");
    reader.setDaemon(true);
    reader.start();
  }

  private void readLoop(Arrivals arrivals) {
    Memory buffer = new Memory(MAX_DATAGRAM);
    Memory name = new Memory(SOCKADDR_IN6);
    Memory control = new Memory(CONTROL);
    Memory iov = new Memory(16);
    Memory msg = new Memory(56);
    iov.setPointer(0, buffer);
    iov.setLong(8, MAX_DATAGRAM);
    while (!closed) {
      // struct msghdr (x86-64): name, namelen, iov, iovlen, control, controllen, flags
      msg.clear();
      msg.setPointer(0, name);
      msg.setInt(8, SOCKADDR_IN6);
      msg.setPointer(16, iov);
      msg.setLong(24, 1);
      msg.setPointer(32, control);
      msg.setLong(40, CONTROL);
      long n;
      try {
        n = SocketCalls.INSTANCE.recvmsg(fd, msg, 0);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == SocketCalls.EAGAIN || e.getErrorCode() == SocketCalls.EINTR) {
          continue;
        }
        if (!closed) {
          Log.error("IPv6 UDP listener stopped reading: errno " + e.getErrorCode() + " (" + e.getMessage() + ")");
        }
        return;
      }
      if (closed) {
        return;
      }
      InetSocketAddress original = originalDestination(control, msg.getLong(40));
      if (original == null) {
        Log.warn("IPv6 UDP datagram without its original destination dropped (IPV6_RECVORIGDSTADDR missing)");
        continue;
      }
      ByteBuf payload = alloc.buffer((int) n);
      payload.writeBytes(buffer.getByteBuffer(0, n));
      try {
        arrivals.arrived(sockaddr(name, 0), original, payload);
      } catch (RuntimeException e) {
        Log.error("IPv6 UDP datagram could not be handed on: " + e);
      }
    }
  }

  /** The {@code IPV6_ORIGDSTADDR} control message, or null. {@code struct cmsghdr}: len (8), level, type, data. */
  private static InetSocketAddress originalDestination(Pointer control, long length) {
    long offset = 0;
    while (offset + 16 <= length) {
      long cmsgLength = control.getLong(offset);
      int level = control.getInt(offset + 8);
      int type = control.getInt(offset + 12);
      if (cmsgLength < 16) {
        return null;
      }
      if (level == SocketCalls.SOL_IPV6 && type == SocketCalls.IPV6_RECVORIGDSTADDR
          && cmsgLength >= 16 + SOCKADDR_IN6) {
        return sockaddr(control, offset + 16);
      }
      offset += (cmsgLength + 7) & ~7L;
    }
    return null;
  }

  /** A {@code sockaddr_in6}: family, port (network order), flow info, address, scope id. */
  private static InetSocketAddress sockaddr(Pointer p, long offset) {
    // x86-64 reads the network-order port byte-swapped
    int port = Short.toUnsignedInt(Short.reverseBytes(p.getShort(offset + 2)));
    byte[] address = p.getByteArray(offset + 8, 16);
    int scope = p.getInt(offset + 24);
    try {
      InetAddress a = scope == 0 || Addresses.isIpv4Mapped(address)
          ? InetAddress.getByAddress(address)
          : Inet6Address.getByAddress(null, address, scope);
      return new InetSocketAddress(a, port);
    } catch (UnknownHostException impossible) {
      throw new AssertionError(impossible);
    }
  }
  /** Stops the reader and closes the socket. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      // wakes a blocked recvmsg at once (Linux does this even for unconnected UDP, answering ENOTCONN)
      SocketCalls.INSTANCE.shutdown(fd, SocketCalls.SHUT_RDWR);
    } catch (LastErrorException expected) {
      // ENOTCONN: the wake-up happened anyway
    }
    if (reader != null) {
      try {
        reader.join(POLL_MILLIS * 4L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeQuietly(fd);
  }

  private static void closeQuietly(int fd) {
    try {
      SocketCalls.INSTANCE.close(fd);
    } catch (LastErrorException ignored) {
      // nothing left to do with a descriptor that will not close
    }
  }
}
