package dev.socksify.agent.udp;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The destinations one socket sent to by a fake address (remote DNS), so that answers can name the fake address the
 * app sent to, as a direct answer would have: an answer through the chain comes from whatever address the last hop
 * resolved the name to, and a name a rule sends direct was resolved here. Remembers the most recent few of each.
 */
final class FakePeers {
  private static final int REMEMBERED = 64;

  // name:port (unresolved) -> the fake address:port the app sent to
  private final Map<InetSocketAddress, InetSocketAddress> throughChain = recent();
  // the address a name resolved to here:port -> the fake address:port the app sent to
  private final Map<InetSocketAddress, InetSocketAddress> direct = recent();

  synchronized void sentThroughChain(InetSocketAddress fake, InetSocketAddress named) {
    throughChain.put(named, fake);
  }

  synchronized void sentDirect(InetSocketAddress fake, InetSocketAddress resolved) {
    direct.put(resolved, fake);
  }

  /**
   * The fake address an answer through the chain from {@code sender} stands for: the one name the socket sent to on
   * the sender's port; {@code null} if it sent to none or to several there (which of them answered is unknown).
   */
  synchronized InetSocketAddress throughChain(InetSocketAddress sender) {
    InetSocketAddress found = null;
    for (Map.Entry<InetSocketAddress, InetSocketAddress> entry : throughChain.entrySet()) {
      if (entry.getKey().getPort() == sender.getPort()) {
        if (found != null) {
          return null;
        }
        found = entry.getValue();
      }
    }
    return found;
  }

  /** The fake address a direct datagram from {@code sender} answers, or {@code null}. */
  synchronized InetSocketAddress direct(InetSocketAddress sender) {
    return direct.get(sender);
  }

  private static Map<InetSocketAddress, InetSocketAddress> recent() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, InetSocketAddress> eldest) {
        return size() > REMEMBERED;
      }
    };
  }
}
