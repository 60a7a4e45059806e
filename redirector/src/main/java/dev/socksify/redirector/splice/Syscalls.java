package dev.socksify.redirector.splice;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libc calls the splice engine makes, bound with JNA direct mapping (a JNI-like call, no proxy objects).
 * None declares {@code LastErrorException}: EAGAIN is the normal end of every pump step, and an exception per
 * step would cost more than the splice; callers read {@link #errno()} after a -1.
 */
final class Syscalls {
  static final int EPOLL_CLOEXEC = 0x80000;
  static final int EPOLL_CTL_ADD = 1;
  static final int EPOLLIN = 0x001;
  static final int EPOLLOUT = 0x004;
  static final int EPOLLERR = 0x008;
  static final int EPOLLHUP = 0x010;
  static final int EPOLLRDHUP = 0x2000;
  static final int EPOLLET = 1 << 31;
  /** {@code struct epoll_event} is packed on x86-64: 4 bytes of events, 8 of data. */
  static final int EPOLL_EVENT_SIZE = 12;

  static final int O_NONBLOCK = 0x800;
  static final int O_CLOEXEC = 0x80000;
  static final int F_SETPIPE_SZ = 1031;
  static final int SPLICE_F_MOVE = 1;
  static final int SPLICE_F_NONBLOCK = 2;
  static final int SHUT_WR = 1;
  static final int SOL_SOCKET = 1;
  static final int SO_LINGER = 13;

  static final int EINTR = 4;
  static final int EAGAIN = 11;

  static {
    Native.register(NativeLibrary.getInstance("c"));
  }

  private Syscalls() {}

  static native int epoll_create1(int flags);

  static native int epoll_ctl(int epfd, int op, int fd, Pointer event);

  static native int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

  static native long splice(int fdIn, Pointer offIn, int fdOut, Pointer offOut, long len, int flags);

  static native long write(int fd, Pointer buf, long count);

  static native int pipe2(int[] fds, int flags);

  static native int fcntl(int fd, int cmd, int arg);

  static native int dup(int fd);

  static native int close(int fd);

  static native int shutdown(int fd, int how);

  static native int setsockopt(int fd, int level, int name, int[] value, int length);

  static int errno() {
    return Native.getLastError();
  }
}
