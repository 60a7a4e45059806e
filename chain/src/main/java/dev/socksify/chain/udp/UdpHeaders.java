package dev.socksify.chain.udp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The SOCKS5 UDP request header of RFC 1928 §7: {@code RSV(2) FRAG(1) ATYP(1) DST.ADDR DST.PORT(2)}.
 * Unresolved addresses travel as ATYP DOMAIN so the hop resolves them.
 */
final class UdpHeaders {
  static final int ATYP_IPV4 = 0x01;
  static final int ATYP_DOMAIN = 0x03;
  static final int ATYP_IPV6 = 0x04;

  /** A header read from a datagram. */
  record Header(int frag, InetSocketAddress address) {}

  private UdpHeaders() {}

  /** How many bytes the header for {@code address} takes. */
  static int length(InetSocketAddress address) {
    return 4 + addressLength(address) + 2;
  }

  private static int addressLength(InetSocketAddress address) {
    if (address.isUnresolved()) {
      return 1 + domainBytes(address).length;
    }
    return address.getAddress() instanceof Inet4Address ? 4 : 16;
  }

  private static byte[] domainBytes(InetSocketAddress address) {
    byte[] name = address.getHostString().getBytes(StandardCharsets.US_ASCII);
    if (name.length == 0 || name.length > 255) {
      throw new IllegalArgumentException("host name must be 1-255 bytes for SOCKS5: " + address.getHostString());
    }
    return name;
  }

  /** Writes a header with FRAG 0 for {@code address}. */
  static void write(ByteBuffer out, InetSocketAddress address) {
    out.put((byte) 0).put((byte) 0).put((byte) 0);
    if (address.isUnresolved()) {
      byte[] name = domainBytes(address);
      out.put((byte) ATYP_DOMAIN).put((byte) name.length).put(name);
    } else {
      InetAddress ip = address.getAddress();
      out.put((byte) (ip instanceof Inet6Address ? ATYP_IPV6 : ATYP_IPV4)).put(ip.getAddress());
    }
    out.putShort((short) address.getPort());
  }

  /**
   * Reads a header from {@code in}, leaving it positioned at what follows; {@code null} if the bytes are not
   * a header (too short, unknown ATYP). Names come back unresolved; no lookup happens. RSV is not checked:
   * being liberal there costs nothing, the address checks that follow catch garbage.
   */
  static Header read(ByteBuffer in) {
    if (in.remaining() < 4) {
      return null;
    }
    in.getShort();
    int frag = in.get() & 0xff;
    int atyp = in.get() & 0xff;
    InetSocketAddress address;
    if (atyp == ATYP_IPV4 || atyp == ATYP_IPV6) {
      byte[] ip = new byte[atyp == ATYP_IPV4 ? 4 : 16];
      if (in.remaining() < ip.length + 2) {
        return null;
      }
      in.get(ip);
      address = new InetSocketAddress(byAddress(ip), in.getShort() & 0xffff);
    } else if (atyp == ATYP_DOMAIN) {
      if (in.remaining() < 1) {
        return null;
      }
      int length = in.get() & 0xff;
      if (length == 0 || in.remaining() < length + 2) {
        return null;
      }
      byte[] name = new byte[length];
      in.get(name);
      address = InetSocketAddress.createUnresolved(new String(name, StandardCharsets.US_ASCII), in.getShort() & 0xffff);
    } else {
      return null;
    }
    return new Header(frag, address);
  }

  private static InetAddress byAddress(byte[] ip) {
    try {
      return InetAddress.getByAddress(ip);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }
}
