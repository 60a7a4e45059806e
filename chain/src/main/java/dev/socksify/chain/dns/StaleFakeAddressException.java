package dev.socksify.chain.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A connection to an address inside a fake range that maps to no name (forgotten by the bounded map, handed out before
 * a restart, or never handed out). Such a connection fails: going out directly to a fake address would reach nothing,
 * or the wrong host, and would leak the attempt. An {@link UnknownHostException}, as for a name that does not
 * resolve, so applications report it the way they already do.
 */
public final class StaleFakeAddressException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  public StaleFakeAddressException(InetAddress address, FakeRange range, int capacity) {
    super(FakeRange.text(address) + " is a fake address (range " + range + ") that maps to no name: forgotten (the"
        + " map keeps the " + capacity + " most recently used names), from before a restart, or never handed out;"
        + " look the name up again");
  }
}
