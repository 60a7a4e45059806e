package dev.socksify.redirector.udp;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The socket calls the IPv6 transparent listener makes itself, because Netty 4.2.18's epoll transport only reads the
 * IPv4 original destination ({@code IP_ORIGDSTADDR}) from {@code recvmsg} and drops {@code IPV6_ORIGDSTADDR}.
 * Constants are Linux x86-64 values.
 */
interface SocketCalls extends Library {
  SocketCalls INSTANCE = Native.load("c", SocketCalls.class);

  int AF_INET6 = 10;
  int SOCK_DGRAM = 2;
  int SOCK_CLOEXEC = 0x80000;
  int SOL_SOCKET = 1;
  int SO_REUSEADDR = 2;
  int SO_RCVBUFFORCE = 33;
  int SO_RCVTIMEO = 20;
  int SOL_IPV6 = 41;
  int IPV6_V6ONLY = 26;
  /** Same number for the option (RECV) and the control message type (ORIGDSTADDR). */
  int IPV6_RECVORIGDSTADDR = 74;
  int IPV6_TRANSPARENT = 75;
  int SHUT_RDWR = 2;
  int EAGAIN = 11;
  int EINTR = 4;

  int socket(int domain, int type, int protocol) throws LastErrorException;

  int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

  int bind(int fd, Pointer address, int length) throws LastErrorException;

  int getsockname(int fd, Pointer address, Pointer length) throws LastErrorException;

  long recvmsg(int fd, Pointer message, int flags) throws LastErrorException;

  int shutdown(int fd, int how) throws LastErrorException;

  int close(int fd) throws LastErrorException;
}
