package dev.socksify.chain.protocol.socks5;

import dev.socksify.chain.ChainException;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.protocol.ClientHandshake;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * SOCKS5 UDP ASSOCIATE: opens a UDP relay on the proxy for as long as this TCP connection stays open. The request
 * carries the address the client will send datagrams from; 0.0.0.0:0 ("not known yet") is the default and is
 * what danted accepts and most clients send. Datagrams to and from the relay carry a {@link Socks5UdpHeader}.
 *
 * <p>{@link #boundAddress()} is the relay address exactly as the proxy sent it. RFC 1928 servers often send
 * 0.0.0.0 or :: there, meaning "the address you reached the proxy at"; {@link #relayAddress(InetAddress)} does
 * that substitution.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1928#section-7">RFC 1928, section 7: Procedure for UDP-based
 *     clients</a>
 */
public final class Socks5UdpAssociate implements ClientHandshake {
  /** "Not known yet": the client's datagrams may come from any address. */
  public static final InetSocketAddress ANY_CLIENT = new InetSocketAddress(anyIpv4(), 0);

  private final Socks5Handshake handshake;

  private Socks5UdpAssociate(HopContext context, InetSocketAddress clientAddress) {
    this.handshake = Socks5Handshake.command(context, Socks5Command.UDP_ASSOCIATE, clientAddress);
  }

  /** An association for datagrams from any client address (0.0.0.0:0). Messages name the context's target. */
  public static Socks5UdpAssociate associate(HopContext context) {
    return new Socks5UdpAssociate(context, ANY_CLIENT);
  }

  /** An association for datagrams sent from {@code clientAddress}. */
  public static Socks5UdpAssociate associate(HopContext context, InetSocketAddress clientAddress) {
    return new Socks5UdpAssociate(context, clientAddress);
  }

  @Override
  public ByteBuffer start() throws ChainException {
    return handshake.start();
  }

  @Override
  public int bytesNeeded() {
    return handshake.bytesNeeded();
  }

  @Override
  public ByteBuffer receive(ByteBuffer in) throws ChainException {
    return handshake.receive(in);
  }

  @Override
  public boolean isDone() {
    return handshake.isDone();
  }

  /** The relay address as sent (BND.ADDR/BND.PORT), possibly 0.0.0.0 or ::; see {@link #relayAddress}. */
  @Override
  public InetSocketAddress boundAddress() {
    return handshake.boundAddress();
  }

  /**
   * Where to send datagrams: the bound address, or, when the proxy sent 0.0.0.0 or ::, {@code proxyAddress} (the
   * address this TCP connection reached the proxy at) with the bound port. Valid once done.
   */
  public InetSocketAddress relayAddress(InetAddress proxyAddress) {
    InetSocketAddress bound = boundAddress();
    if (bound == null) {
      throw new IllegalStateException("no reply yet: " + handshake);
    }
    return Socks5Address.isUnspecified(bound) ? new InetSocketAddress(proxyAddress, bound.getPort()) : bound;
  }

  @Override
  public String toString() {
    return handshake.toString();
  }

  private static InetAddress anyIpv4() {
    try {
      return InetAddress.getByAddress(new byte[4]);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
