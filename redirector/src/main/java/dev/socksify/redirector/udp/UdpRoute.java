package dev.socksify.redirector.udp;

import dev.socksify.chain.Chain;
import java.net.InetSocketAddress;
import java.util.stream.Collectors;

/** How one datagram leaves: through a chain, directly, or not at all. */
sealed interface UdpRoute {
  /** What log lines put after "via". */
  String via();

  /** Through {@code chain} to {@code target}: the original destination, or the name behind a fake address. */
  record Chained(Chain chain, InetSocketAddress target) implements UdpRoute {
    @Override
    public String via() {
      return describe(chain);
    }
  }

  /** Straight to {@code target} from the redirector's own marked socket (a rule said direct). */
  record Direct(InetSocketAddress target) implements UdpRoute {
    @Override
    public String via() {
      return "direct";
    }
  }

  /** Dropped; {@code reason} names the rule or the setting. */
  record Refused(String via, String reason) implements UdpRoute {}

  /** {@code chain default (socks5 10.0.0.5:1080 -> socks5 10.0.0.6:1080)}; hops never show passwords. */
  static String describe(Chain chain) {
    return "chain " + chain.name() + " (" + chain.hops().stream().map(Object::toString)
        .collect(Collectors.joining(" -> ")) + ")";
  }
}
