package dev.socksify.chain.protocol.socks5;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The SOCKS5 address field {@code ATYP DST.ADDR DST.PORT} (RFC 1928 section 5), shared by requests, replies and
 * the UDP request header. A resolved {@link InetSocketAddress} is sent as IPv4 or IPv6; an unresolved one as
 * DOMAIN, which is how a name reaches the proxy for remote resolution.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1928#section-5">RFC 1928, section 5: Addressing</a>
 */
public final class Socks5Address {
  public static final int IPV4 = 0x01;
  public static final int DOMAIN = 0x03;
  public static final int IPV6 = 0x04;

  /** A DOMAIN name is preceded by a one-octet length. */
  public static final int MAX_DOMAIN_BYTES = 255;

  /** The longest encoded field: ATYP, length octet, 255-byte name, port. */
  public static final int MAX_ENCODED_LENGTH = 1 + 1 + MAX_DOMAIN_BYTES + 2;

  private Socks5Address() {}

  /**
   * Why {@code address} cannot be encoded, or {@code null} if it can. Never contains more of the name than its
   * length, so callers may put it in messages as is.
   */
  public static String problem(InetSocketAddress address) {
    if (!address.isUnresolved()) {
      return null;
    }
    int length = nameBytes(address).length;
    if (length == 0) {
      return "empty host name cannot be sent over socks5";
    }
    if (length > MAX_DOMAIN_BYTES) {
      return "host name of " + length + " bytes cannot be sent over socks5 (at most " + MAX_DOMAIN_BYTES + ")";
    }
    return null;
  }

  /** Bytes {@link #write} puts out for {@code address}. */
  public static int encodedLength(InetSocketAddress address) {
    if (address.isUnresolved()) {
      return 1 + 1 + nameBytes(address).length + 2;
    }
    return 1 + address.getAddress().getAddress().length + 2;
  }

  /**
   * Writes {@code ATYP ADDR PORT}. The caller has checked {@link #problem} (an oversized name throws
   * {@link IllegalArgumentException} here). An IPv6 scope id is not part of the wire format and is dropped.
   */
  public static void write(InetSocketAddress address, ByteBuffer out) {
    String problem = problem(address);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (address.isUnresolved()) {
      byte[] name = nameBytes(address);
      out.put((byte) DOMAIN).put((byte) name.length).put(name);
    } else {
      InetAddress ip = address.getAddress();
      out.put((byte) (ip instanceof Inet4Address ? IPV4 : IPV6)).put(ip.getAddress());
    }
    out.putShort((short) address.getPort());
  }

  /**
   * Length of the address octets for {@code atyp} (4 or 16), 0 for DOMAIN (whose length is in the next octet),
   * or -1 for an address type RFC 1928 does not define.
   */
  static int fixedLength(int atyp) {
    return switch (atyp) {
      case IPV4 -> 4;
      case IPV6 -> 16;
      case DOMAIN -> 0;
      default -> -1;
    };
  }

  /**
   * Reads {@code ADDR PORT} of a known {@code atyp} (for DOMAIN starting at its length octet); the caller has
   * made sure all of it is in {@code in}. A DOMAIN comes back unresolved.
   */
  static InetSocketAddress read(int atyp, ByteBuffer in) {
    if (atyp == DOMAIN) {
      byte[] name = new byte[in.get() & 0xff];
      in.get(name);
      return InetSocketAddress.createUnresolved(new String(name, StandardCharsets.UTF_8), in.getShort() & 0xffff);
    }
    byte[] ip = new byte[fixedLength(atyp)];
    in.get(ip);
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), in.getShort() & 0xffff);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 octets are always an address", e);
    }
  }

  private static byte[] nameBytes(InetSocketAddress address) {
    return address.getHostString().getBytes(StandardCharsets.UTF_8);
  }

  /** True for 0.0.0.0 and ::, which in a reply mean "the address you reached the proxy at". */
  public static boolean isUnspecified(InetSocketAddress address) {
    return !address.isUnresolved() && address.getAddress().isAnyLocalAddress();
  }
}
