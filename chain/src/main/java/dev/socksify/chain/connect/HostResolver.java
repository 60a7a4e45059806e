package dev.socksify.chain.connect;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host name on this host: hop 1's name (to open the TCP connection) and the targets of hops whose
 * scheme sends addresses rather than names (socks4, socks5). A blocking call; the Netty runner calls it on an
 * executor, never on an event loop. The agent plugs in one that bypasses its own DNS hooks.
 */
@FunctionalInterface
public interface HostResolver {
  /** One address for {@code host} (a name, never a literal). */
  InetAddress resolve(String host) throws UnknownHostException;

  /** The JDK's resolver ({@link InetAddress#getByName}). */
  static HostResolver system() {
    return InetAddress::getByName;
  }
}
