package dev.socksify.chain.protocol.socks5;

import dev.socksify.chain.ChainException;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import java.nio.ByteBuffer;

/**
 * The first SOCKS5 exchange: the client offers methods, the server picks one. We offer NO AUTHENTICATION
 * REQUIRED always and USERNAME/PASSWORD only when the hop has credentials; offering both keeps working with
 * servers that take no credentials ({@code ssh -D} closes the connection when offered user/password alone).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1928#section-3">RFC 1928, section 3: Procedure for TCP-based
 *     clients</a>
 */
final class Socks5MethodNegotiation {
  static final int VERSION = 0x05;
  static final int NO_AUTHENTICATION = 0x00;
  static final int USERNAME_PASSWORD = 0x02;
  static final int NO_ACCEPTABLE_METHODS = 0xff;

  private static final int REPLY_LENGTH = 2;

  private final HopContext context;
  private final boolean offersPassword;
  private int received;

  Socks5MethodNegotiation(HopContext context, boolean offersPassword) {
    this.context = context;
    this.offersPassword = offersPassword;
  }

  /** {@code VER NMETHODS METHODS}. */
  ByteBuffer greeting() {
    return offersPassword
        ? ByteBuffer.wrap(new byte[] {VERSION, 2, NO_AUTHENTICATION, USERNAME_PASSWORD})
        : ByteBuffer.wrap(new byte[] {VERSION, 1, NO_AUTHENTICATION});
  }

  int bytesNeeded() {
    return REPLY_LENGTH - received;
  }

  /**
   * Consumes at most the rest of the two-octet reply {@code VER METHOD}.
   *
   * @return the method the server chose, or -1 while the reply is incomplete
   */
  int receive(ByteBuffer in) throws ChainException {
    while (in.hasRemaining() && received < REPLY_LENGTH) {
      int octet = in.get() & 0xff;
      received++;
      if (received == 1 && octet != VERSION) {
        // Checked on the first octet so a SOCKS4 or HTTP server fails here, not after a read timeout.
        throw HopUnreachableException.protocol(
            context, String.format("not a socks5 server (reply version 0x%02x, expected 0x05)", octet));
      }
      if (received == 2) {
        return chosen(octet);
      }
    }
    return -1;
  }

  private int chosen(int method) throws ChainException {
    if (method == NO_ACCEPTABLE_METHODS) {
      throw HopRefusedException.authentication(context, "no acceptable authentication method", method);
    }
    if (method == NO_AUTHENTICATION || (method == USERNAME_PASSWORD && offersPassword)) {
      return method;
    }
    throw HopUnreachableException.protocol(
        context, String.format("proxy chose authentication method 0x%02x, which was not offered", method));
  }
}
