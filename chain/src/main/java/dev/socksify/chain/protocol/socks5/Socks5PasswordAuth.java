package dev.socksify.chain.protocol.socks5;

import dev.socksify.chain.ChainException;
import dev.socksify.chain.Credentials;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The username/password sub-negotiation of RFC 1929. Neither the user nor the password ever reaches a message:
 * errors name the hop and the status octet only.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1929">RFC 1929: Username/Password Authentication for SOCKS V5</a>
 */
final class Socks5PasswordAuth {
  static final int VERSION = 0x01;
  private static final int MAX_FIELD_BYTES = 255;
  private static final int REPLY_LENGTH = 2;

  private final HopContext context;
  private final byte[] user;
  private final byte[] password;
  private int received;

  Socks5PasswordAuth(HopContext context, Credentials credentials) {
    this.context = context;
    this.user = credentials.user().getBytes(StandardCharsets.UTF_8);
    this.password = credentials.password().getBytes(StandardCharsets.UTF_8);
  }

  /** Why the credentials cannot be sent (each field has a one-octet length), or {@code null}. */
  String problem() {
    if (user.length > MAX_FIELD_BYTES) {
      return "user name longer than 255 bytes cannot be sent (RFC 1929)";
    }
    if (password.length > MAX_FIELD_BYTES) {
      return "password longer than 255 bytes cannot be sent (RFC 1929)";
    }
    return null;
  }

  /** {@code VER ULEN UNAME PLEN PASSWD}. */
  ByteBuffer request() {
    ByteBuffer out = ByteBuffer.allocate(3 + user.length + password.length);
    out.put((byte) VERSION).put((byte) user.length).put(user).put((byte) password.length).put(password);
    return out.flip();
  }

  int bytesNeeded() {
    return REPLY_LENGTH - received;
  }

  /**
   * Consumes at most the rest of the two-octet reply {@code VER STATUS}.
   *
   * @return true once the server accepted the credentials, false while the reply is incomplete
   * @throws HopRefusedException the server rejected them
   */
  boolean receive(ByteBuffer in) throws ChainException {
    while (in.hasRemaining() && received < REPLY_LENGTH) {
      int octet = in.get() & 0xff;
      received++;
      // RFC 1929 says VER is 0x01. Some servers echo the SOCKS version 0x05 instead and curl does not look at
      // the octet at all, so both are accepted; anything else is not this protocol.
      if (received == 1 && octet != VERSION && octet != Socks5MethodNegotiation.VERSION) {
        throw HopUnreachableException.protocol(
            context, String.format("bad authentication reply version 0x%02x (expected 0x01)", octet));
      }
      if (received == 2) {
        if (octet != 0) {
          throw HopRefusedException.authentication(context, "authentication failed", octet);
        }
        return true;
      }
    }
    return false;
  }
}
