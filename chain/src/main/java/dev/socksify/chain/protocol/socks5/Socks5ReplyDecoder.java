package dev.socksify.chain.protocol.socks5;

import dev.socksify.chain.ChainException;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Reads one SOCKS5 reply {@code VER REP RSV ATYP BND.ADDR BND.PORT} without ever asking for more octets than the
 * reply still has: the length is learnt from ATYP and, for DOMAIN, from the length octet. Used for the reply to
 * every command and for BIND's second reply. At most 262 octets are held.
 *
 * <p>VER and REP are checked as soon as they arrive, so a refusal is reported even by a server that closes
 * right after the first two octets. RSV is not checked: it carries nothing, Netty and curl skip it too, and
 * being strict there would only break interop.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1928#section-6">RFC 1928, section 6: Replies</a>
 */
final class Socks5ReplyDecoder {
  private enum State {
    HEADER,
    DOMAIN_LENGTH,
    ADDRESS,
    DONE
  }

  private static final int HEADER_LENGTH = 4;

  private final HopContext context;
  private final boolean targetIsName;
  private final byte[] reply = new byte[HEADER_LENGTH + Socks5Address.MAX_ENCODED_LENGTH - 1];
  private State state = State.HEADER;
  private int received;
  private int expected = HEADER_LENGTH;
  private InetSocketAddress bound;

  /**
   * @param targetIsName whether the request carried a host name, which turns some failures into "unknown host"
   *     (see {@link Socks5ReplyCode#directFailure})
   */
  Socks5ReplyDecoder(HopContext context, boolean targetIsName) {
    this.context = context;
    this.targetIsName = targetIsName;
  }

  int bytesNeeded() {
    return expected - received;
  }

  boolean isDone() {
    return state == State.DONE;
  }

  /** BND.ADDR and BND.PORT; a DOMAIN comes back unresolved. Valid once done. */
  InetSocketAddress bound() {
    return bound;
  }

  /**
   * Consumes at most the rest of the reply.
   *
   * @return true once the whole reply was read and it reports success
   * @throws HopRefusedException REP is not 0x00
   * @throws HopUnreachableException the reply is not SOCKS5
   */
  boolean receive(ByteBuffer in) throws ChainException {
    while (in.hasRemaining() && state != State.DONE) {
      reply[received++] = in.get();
      if (received == 1 && reply[0] != Socks5MethodNegotiation.VERSION) {
        throw HopUnreachableException.protocol(
            context, String.format("bad reply version 0x%02x (expected 0x05)", reply[0] & 0xff));
      }
      if (received == 2) {
        Socks5ReplyCode code = Socks5ReplyCode.valueOf(reply[1]);
        if (!code.isSuccess()) {
          throw new HopRefusedException(context, code.meaning(), code.code(), code.directFailure(targetIsName));
        }
      }
      if (received == expected) {
        advance();
      }
    }
    return state == State.DONE;
  }

  private void advance() throws ChainException {
    switch (state) {
      case HEADER -> {
        int atyp = reply[3] & 0xff;
        int length = Socks5Address.fixedLength(atyp);
        if (length < 0) {
          throw HopUnreachableException.protocol(
              context, String.format("unknown address type 0x%02x in reply", atyp));
        }
        state = length == 0 ? State.DOMAIN_LENGTH : State.ADDRESS;
        expected = length == 0 ? HEADER_LENGTH + 1 : HEADER_LENGTH + length + 2;
      }
      case DOMAIN_LENGTH -> {
        int length = reply[HEADER_LENGTH] & 0xff;
        if (length == 0) {
          throw HopUnreachableException.protocol(context, "empty domain name in reply");
        }
        state = State.ADDRESS;
        expected = HEADER_LENGTH + 1 + length + 2;
      }
      case ADDRESS -> {
        ByteBuffer address = ByteBuffer.wrap(reply, HEADER_LENGTH, received - HEADER_LENGTH);
        bound = Socks5Address.read(reply[3] & 0xff, address);
        state = State.DONE;
      }
      case DONE -> throw new IllegalStateException("reply already complete");
    }
  }
}
