package dev.socksify.chain.udp;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.connect.ChainAttempts;
import dev.socksify.chain.connect.Handshakes;
import dev.socksify.chain.protocol.socks5.Socks5UdpAssociate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The steps of opening an association that do not depend on the runner, so the blocking opener
 * ({@link UdpAssociation#open}) and the Netty one ({@code udp.netty.NettyUdpAssociator}) decide alike. For the
 * hops a {@link ChainAttempts} selected, each hop k in turn:
 *
 * <ol>
 *   <li>run the chain {@link #controlRoute(List, int) hops 1…k} to {@link Socks5UdpAssociate#ANY_CLIENT} with
 *       {@link #handshakes()}: CONNECT through hops 1…k-1, UDP ASSOCIATE at hop k;
 *   <li>on success, {@link #relay} from the reply; on a {@link ChainException}, {@link #judge} it.
 * </ol>
 */
public final class UdpSetup {
  private UdpSetup() {}

  /**
   * Fails unless every hop's protocol has UDP: SOCKS5 has UDP ASSOCIATE, HTTP CONNECT and SOCKS4/4a carry only
   * TCP. Called before any connection is made, so a chain that can never carry UDP costs nothing.
   */
  public static void checkHops(List<Hop> hops) throws UdpUnsupportedException {
    for (int i = 0; i < hops.size(); i++) {
      Hop hop = hops.get(i);
      ProxyType type = hop.type();
      if (type != ProxyType.SOCKS5 && type != ProxyType.SOCKS5H) {
        String why = type == ProxyType.HTTP ? "HTTP CONNECT cannot carry UDP" : "SOCKS4 cannot carry UDP";
        throw UdpUnsupportedException.protocol(i + 1, hop, why);
      }
    }
  }

  /**
   * The route of hop {@code k}'s control connection: hops 1…k, strict, because which hops the association uses
   * was decided once for all its control connections.
   */
  public static Chain controlRoute(List<Hop> hops, int k) {
    return Chain.strict("udp control to hop " + k, hops.subList(0, k));
  }

  /** CONNECT at every hop of a control route but the last, which is asked for UDP ASSOCIATE 0.0.0.0:0. */
  public static Handshakes handshakes() {
    return Handshakes.lastHop(Socks5UdpAssociate::associate);
  }

  /**
   * What a failure to open hop {@code k}'s control connection means. Before hop k it is a chain failure like any
   * other: returned, for {@link ChainAttempts#failed} to judge. At hop k itself: 0x07 and EOF mean the proxy has
   * no UDP ({@link UdpUnsupportedException}), another refusal ends the open (it shows no dead hop), both thrown;
   * no usable answer makes hop k the dead one: returned.
   */
  public static ChainException judge(ChainException e, int k) throws IOException {
    if (e.context().index() < k) {
      return e;
    }
    if (e instanceof HopRefusedException refused) {
      if (refused.replyCode() == 0x07) {
        throw UdpUnsupportedException.refused(k, e.context().hop(), meaning(e), e);
      }
      throw e;
    }
    if (e.getMessage().equals(HopUnreachableException.eof(e.context()).getMessage())) {
      // ssh -D and an ss-local without -u close the connection on a command they lack instead of answering 0x07.
      throw UdpUnsupportedException.refused(k, e.context().hop(),
          "proxy closed the connection (no UDP support, as ssh -D and ss-local without -u answer)", e);
    }
    return e;
  }

  /**
   * Hop {@code k}'s relay from its ASSOCIATE reply.
   *
   * @param bound the relay address as the proxy answered it
   * @param reachedAt the address the hop was reached at: the connected peer for hop 1, {@link Hop#address()}
   *     for a hop behind others
   * @throws HopUnreachableException the reply names no usable relay
   */
  public static Relay relay(int k, Hop hop, InetSocketAddress bound, InetSocketAddress reachedAt)
      throws HopUnreachableException {
    if (bound == null || bound.getPort() == 0) {
      throw HopUnreachableException.protocol(new HopContext(k, hop, Socks5UdpAssociate.ANY_CLIENT),
          "udp associate reply names no relay port");
    }
    return Relay.of(k, hop, bound, reachedAt);
  }

  /** The refusal's words and code without the context prefix the exception's message starts with. */
  private static String meaning(ChainException e) {
    String prefix = e.context() + ": ";
    String message = e.getMessage();
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
