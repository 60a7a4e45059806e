package dev.socksify.redirector.relay;

import io.netty.channel.Channel;
import io.netty.channel.epoll.Native;
import java.lang.reflect.Method;

/**
 * Works around a Netty 4.2.18 epoll defect that breaks half-closed relays. When a channel's interest set becomes
 * empty (typically: the peer sent FIN, so Netty stops reading and clears EPOLLRDHUP, and nothing is pending to
 * write), {@code EpollIoHandler} removes the fd from epoll ({@code EPOLL_CTL_DEL}) but keeps the registration
 * marked as added; the next interest change, e.g. EPOLLOUT because the half-closed socket's send buffer filled,
 * is an {@code EPOLL_CTL_MOD} that fails with ENOENT and kills the flow. Seen here with strace: {@code shutdown(fd,
 * SHUT_RD)}, {@code epoll_ctl(DEL, fd)}, then {@code epoll_ctl(MOD, fd) = -ENOENT}.
 *
 * <p>Keeping EPOLLERR in the interest set means it is never empty, so the fd stays registered, as it always was
 * before that change. EPOLLERR is reported by epoll whether asked for or not, so asking costs nothing; it even
 * keeps a reset on a half-closed socket visible.
 */
final class EpollQuirks {
  private static final Method SET_FLAG = setFlag();

  private EpollQuirks() {}

  /** Call once per epoll stream channel, before or after registration, on its event loop. */
  static void keepRegistered(Channel channel) {
    try {
      SET_FLAG.invoke(channel, Native.EPOLLERR);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot apply the epoll interest-set workaround to " + channel, e);
    }
  }

  private static Method setFlag() {
    try {
      Method m = Class.forName("io.netty.channel.epoll.AbstractEpollChannel").getDeclaredMethod("setFlag",
          int.class);
      m.setAccessible(true);
      return m;
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
