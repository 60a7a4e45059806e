package dev.socksify.chain.udp;

import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.blocking.SocketChannelTransport;
import dev.socksify.chain.connect.HopFailures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** Stand-in for the blocking chain runner (SOCKS5 hops only) until the protocols branch lands on main; removed then. */
final class InterimControlConnector implements ControlConnector {
  @Override
  public Control connect(List<Hop> before, Hop hop) throws IOException {
    Hop first = before.isEmpty() ? hop : before.get(0);
    HopContext firstContext = new HopContext(1, first, before.isEmpty() ? first.address() : next(before, 0, hop));
    InetSocketAddress address = new InetSocketAddress(first.host(), first.port());
    SocketChannelTransport transport;
    try {
      transport = SocketChannelTransport.open(address, first.timeouts().connect());
    } catch (IOException e) {
      throw HopFailures.cannotConnect(firstContext, e, HopFailures.directFailureOf(e));
    }
    try {
      for (int i = 0; i < before.size(); i++) {
        HopContext context = new HopContext(i + 1, before.get(i), next(before, i, hop));
        HandshakeDriver.run(transport, new InterimSocks5Handshake(context, 1), context);
      }
      return new Control(transport, before.isEmpty() ? address : hop.address());
    } catch (IOException | RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  private static InetSocketAddress next(List<Hop> before, int i, Hop hop) {
    return (i + 1 < before.size() ? before.get(i + 1) : hop).address();
  }
}
