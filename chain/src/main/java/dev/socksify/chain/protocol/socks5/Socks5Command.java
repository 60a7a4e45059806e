package dev.socksify.chain.protocol.socks5;

/**
 * The CMD field of a SOCKS5 request.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1928#section-4">RFC 1928, section 4: Requests</a>
 */
public enum Socks5Command {
  CONNECT(0x01),
  BIND(0x02),
  UDP_ASSOCIATE(0x03);

  private final int code;

  Socks5Command(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
