package dev.socksify.agent.dns;

import dev.socksify.agent.connect.OwnThreads;
import dev.socksify.agent.inband.SunNio;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.chain.dns.StaleFakeAddressException;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * What a connect's destination is, seen through the fake addresses: a fake address stands for its name, which goes
 * to the chain unresolved (SOCKS5 DOMAIN, SOCKS4a, CONNECT host); an address in the fake range without a name fails
 * closed ({@link StaleFakeAddressException}); any other address is itself. Used by every connect path (TCP here; a
 * UDP path must ask too).
 */
public final class Destinations {
  private static final Destinations NONE = new Destinations(null, null, null);

  private final FakeAddressPool pool;
  private final InetAddressInternals internals;
  private final SunNio nio;

  Destinations(FakeAddressPool pool, InetAddressInternals internals, SunNio nio) {
    this.pool = pool;
    this.internals = internals;
    this.nio = nio;
  }

  /** No fake addresses: every destination is itself. */
  public static Destinations none() {
    return NONE;
  }

  /**
   * The destination of a connect to {@code remote:port}: unresolved {@code NAME:port} for a fake address, else
   * {@code remote:port}.
   *
   * @throws UnknownHostException {@code remote} is a fake address that maps to no name
   *     ({@link StaleFakeAddressException}'s message, as a plain JDK exception): the connect must fail, it must never
   *     go out to a fake address
   */
  public InetSocketAddress of(InetAddress remote, int port) throws UnknownHostException {
    if (pool != null) {
      Optional<String> name;
      try {
        name = pool.nameForConnect(remote);
      } catch (StaleFakeAddressException e) {
        UnknownHostException stale = new UnknownHostException("socksify: " + e.getMessage());
        stale.initCause(e);
        throw stale;
      }
      if (name.isPresent()) {
        return InetSocketAddress.createUnresolved(name.get(), port);
      }
    }
    return new InetSocketAddress(remote, port);
  }

  /**
   * Connects {@code fd} directly to {@code named} (an unresolved destination from {@link #of}) that the rules send
   * direct: a name the app got a fake address for because a rule with a port decides it. The name is resolved here
   * now, as a direct connection needs, and {@code fd} connected as the JDK would have ({@code Net.connect}).
   *
   * @return {@code Net.connect}'s result ({@code 1}, or {@code IOStatus.UNAVAILABLE} while a non-blocking connect is
   *     in progress), or the {@code IOException} the app's connect throws
   */
  public Object connectDirect(ProtocolFamily family, FileDescriptor fd, InetSocketAddress named) {
    String host = named.getHostString();
    try {
      InetAddress address = usable(family, internals.resolve(host), host);
      return OwnThreads.call(() -> nio.connect(family, fd, address, named.getPort()));
    } catch (IOException e) {
      return e;
    } catch (Exception e) {
      return new IOException("socksify: direct connect to " + host + " failed: " + e, e);
    }
  }

  // an IPv4 socket cannot reach an IPv6 address; an IPv6 one reaches both (IPv4-mapped), in the resolver's order
  private static InetAddress usable(ProtocolFamily family, InetAddress[] addresses, String host)
      throws UnknownHostException {
    for (InetAddress address : addresses) {
      if (family != StandardProtocolFamily.INET || address instanceof Inet4Address) {
        return address;
      }
    }
    throw new UnknownHostException(host + ": no IPv4 address for an IPv4 socket");
  }
}
