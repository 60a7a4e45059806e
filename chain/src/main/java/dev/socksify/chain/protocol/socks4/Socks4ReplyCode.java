package dev.socksify.chain.protocol.socks4;

/**
 * The CD field of a SOCKS4 reply. Only 90 means success; the other three are the protocol's refusals.
 *
 * @see <a href="https://www.openssh.com/txt/socks4.protocol">SOCKS 4 protocol</a>
 */
enum Socks4ReplyCode {
  GRANTED(90, "request granted"),
  REJECTED(91, "request rejected or failed"),
  NO_IDENTD(92, "request rejected: the proxy cannot reach identd on the client"),
  IDENTD_MISMATCH(93, "request rejected: identd reports a different user id");

  private final int code;
  private final String meaning;

  Socks4ReplyCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The meaning of {@code code}, or {@code null} for a value SOCKS4 does not define. */
  static Socks4ReplyCode of(int code) {
    for (Socks4ReplyCode value : values()) {
      if (value.code == code) {
        return value;
      }
    }
    return null;
  }

  int code() {
    return code;
  }

  String meaning() {
    return meaning;
  }
}
