package dev.socksify.agent.udp;

import java.io.FileDescriptor;
import java.net.InetAddress;
import java.net.ProtocolFamily;

/** What the {@code Net.connect} hook does with a UDP socket: the connect the datagram path prepared, if any. */
@FunctionalInterface
public interface DatagramConnects {
  /**
   * A UDP socket reached {@code Net.connect}.
   *
   * @return {@code null} to let the JDK connect it to {@code remote}; an {@code Integer} result or an
   *     {@code IOException} once it connected the socket to hop 1's relay instead
   */
  Object connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port);
}
