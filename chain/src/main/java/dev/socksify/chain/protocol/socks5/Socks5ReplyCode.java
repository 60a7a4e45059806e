package dev.socksify.chain.protocol.socks5;

import dev.socksify.chain.DirectFailure;

/**
 * The REP field of a SOCKS5 reply (RFC 1928 section 6) as an open set, like Netty's {@code Socks5CommandStatus}:
 * {@link #valueOf(int)} keeps codes the RFC does not assign, and {@link #toString()} reads {@code NAME(0xNN)}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1928#section-6">RFC 1928, section 6: Replies</a>
 */
public final class Socks5ReplyCode {
  public static final Socks5ReplyCode SUCCEEDED = new Socks5ReplyCode(0x00, "SUCCEEDED", "succeeded");
  public static final Socks5ReplyCode GENERAL_FAILURE =
      new Socks5ReplyCode(0x01, "GENERAL_FAILURE", "general SOCKS server failure");
  public static final Socks5ReplyCode NOT_ALLOWED =
      new Socks5ReplyCode(0x02, "NOT_ALLOWED", "connection not allowed by ruleset");
  public static final Socks5ReplyCode NETWORK_UNREACHABLE =
      new Socks5ReplyCode(0x03, "NETWORK_UNREACHABLE", "network unreachable");
  public static final Socks5ReplyCode HOST_UNREACHABLE =
      new Socks5ReplyCode(0x04, "HOST_UNREACHABLE", "host unreachable");
  public static final Socks5ReplyCode CONNECTION_REFUSED =
      new Socks5ReplyCode(0x05, "CONNECTION_REFUSED", "connection refused");
  public static final Socks5ReplyCode TTL_EXPIRED = new Socks5ReplyCode(0x06, "TTL_EXPIRED", "TTL expired");
  public static final Socks5ReplyCode COMMAND_NOT_SUPPORTED =
      new Socks5ReplyCode(0x07, "COMMAND_NOT_SUPPORTED", "command not supported");
  public static final Socks5ReplyCode ADDRESS_TYPE_NOT_SUPPORTED =
      new Socks5ReplyCode(0x08, "ADDRESS_TYPE_NOT_SUPPORTED", "address type not supported");

  private static final Socks5ReplyCode[] ASSIGNED = {
    SUCCEEDED, GENERAL_FAILURE, NOT_ALLOWED, NETWORK_UNREACHABLE, HOST_UNREACHABLE, CONNECTION_REFUSED,
    TTL_EXPIRED, COMMAND_NOT_SUPPORTED, ADDRESS_TYPE_NOT_SUPPORTED
  };

  private final int code;
  private final String name;
  private final String meaning;

  private Socks5ReplyCode(int code, String name, String meaning) {
    this.code = code;
    this.name = name;
    this.meaning = meaning;
  }

  /** The constant for an assigned code, or a new {@code UNASSIGNED} value that keeps {@code code}. */
  public static Socks5ReplyCode valueOf(int code) {
    int unsigned = code & 0xff;
    return unsigned < ASSIGNED.length
        ? ASSIGNED[unsigned]
        : new Socks5ReplyCode(unsigned, "UNASSIGNED", "unassigned reply code");
  }

  public int code() {
    return code;
  }

  /** The RFC's words for the code, e.g. {@code connection refused}. */
  public String meaning() {
    return meaning;
  }

  public boolean isSuccess() {
    return code == 0x00;
  }

  /**
   * The exception a direct connect would have thrown. For a target sent as a name, "host unreachable" and
   * "general failure" are what servers answer when the name does not resolve, so those become
   * {@link DirectFailure#UNKNOWN_HOST}. Seen on loopback: danted 1.4.2 answers 0x04 (echoing the name as
   * BND.ADDR) and microsocks 1.0.3 answers 0x01 for an unresolvable name; both answer 0x05 for a closed port.
   */
  public DirectFailure directFailure(boolean targetIsName) {
    if (targetIsName && (code == 0x01 || code == 0x04)) {
      return DirectFailure.UNKNOWN_HOST;
    }
    return switch (code) {
      case 0x03, 0x04 -> DirectFailure.NO_ROUTE;
      case 0x06 -> DirectFailure.TIMEOUT;
      default -> DirectFailure.REFUSED;
    };
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Socks5ReplyCode that && that.code == code;
  }

  @Override
  public int hashCode() {
    return code;
  }

  @Override
  public String toString() {
    return String.format("%s(0x%02x)", name, code);
  }
}
