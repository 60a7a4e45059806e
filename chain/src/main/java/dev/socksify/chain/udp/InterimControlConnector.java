package dev.socksify.chain.udp;

import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopUnreachableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.List;

/** Stand-in for the blocking chain runner (SOCKS5 hops only) until the runners branch lands on main; removed then. */
final class InterimControlConnector implements ControlConnector {
  @Override
  public SocketChannel connect(List<Hop> before, Hop hop) throws IOException {
    Hop first = before.isEmpty() ? hop : before.get(0);
    HopContext firstContext = new HopContext(1, first, before.isEmpty() ? first.address() : next(before, 0, hop));
    SocketChannel channel = SocketChannel.open();
    try {
      InetSocketAddress address = new InetSocketAddress(first.host(), first.port());
      try {
        channel.socket().connect(address, (int) first.timeouts().connect().toMillis());
      } catch (SocketTimeoutException e) {
        throw HopUnreachableException.timeout(firstContext, first.timeouts().connect().toMillis());
      } catch (IOException e) {
        throw new HopUnreachableException(firstContext, "connect failed: " + e.getMessage(), DirectFailure.REFUSED, e);
      }
      for (int i = 0; i < before.size(); i++) {
        HopContext context = new HopContext(i + 1, before.get(i), next(before, i, hop));
        HandshakeDriver.run(channel, new InterimSocks5Handshake(context, 1), context);
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static InetSocketAddress next(List<Hop> before, int i, Hop hop) {
    return (i + 1 < before.size() ? before.get(i + 1) : hop).address();
  }
}
