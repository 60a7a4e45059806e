package sun.nio.ch;

import java.net.InetAddress;

/**
 * What socksify's agent plugs into the bridge for names (remote DNS): the advice on {@code InetAddress}'s name
 * service calls land here. Defined inside java.base next to {@link SocksifyHooks}, JDK types only. Implementations
 * never throw: a failure is returned as the exception the lookup must throw.
 */
public interface SocksifyNameHooks {
  /**
   * {@code InetAddress.getAddressesFromNameService(host, ...)}: the JDK is about to ask its resolver for
   * {@code host} (a name, never a literal; its own cache missed).
   *
   * @return {@code null} to let the JDK resolve it as usual; a non-empty {@code InetAddress[]} to answer with; an
   *     {@code UnknownHostException} to throw instead
   */
  Object lookup(String host);

  /**
   * {@code InetAddress.getHostFromNameService(address, ...)}: a reverse lookup ({@code getHostName()} of an address
   * without a name, {@code getCanonicalHostName()}).
   *
   * @return the name to answer with, or {@code null} to let the JDK ask its resolver
   */
  String reverseLookup(InetAddress address);
}
