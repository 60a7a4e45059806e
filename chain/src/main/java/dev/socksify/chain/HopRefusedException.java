package dev.socksify.chain;

/**
 * The hop answered and said no: the destination refused, is unreachable from the proxy, the rules forbid it,
 * authentication failed, or the command is unsupported. The reply code is kept with its meaning. Also used, with
 * reply code -1 and before anything is sent, when the hop's protocol cannot carry the request (a host name to
 * plain SOCKS4, IPv6 to SOCKS4, a name over 255 bytes to SOCKS5): like a refusal, it is about this request and
 * not the hop's health.
 */
public final class HopRefusedException extends ChainException {
  private final int replyCode;
  private final DirectFailure directFailure;
  private final boolean refusesClient;

  /**
   * @param meaning the reply's meaning in words, e.g. {@code connection refused}
   * @param replyCode the protocol's reply code (SOCKS5 REP, SOCKS4 CD, HTTP status), or -1 if none
   */
  public HopRefusedException(HopContext context, String meaning, int replyCode, DirectFailure directFailure) {
    this(context, meaning, replyCode, directFailure, false);
  }

  private HopRefusedException(
      HopContext context, String meaning, int replyCode, DirectFailure directFailure, boolean refusesClient) {
    super(context, meaning + (replyCode < 0 ? "" : " (" + context.hop().type().formatReplyCode(replyCode) + ")"), null);
    this.replyCode = replyCode;
    this.directFailure = directFailure;
    this.refusesClient = refusesClient;
  }

  /**
   * The hop refused us, not the target: authentication failed or no method was acceptable. Unlike other
   * refusals this says nothing about the next hop, so a dynamic chain drops this hop rather than the next.
   */
  public static HopRefusedException authentication(HopContext context, String meaning, int replyCode) {
    return new HopRefusedException(context, meaning, replyCode, DirectFailure.REFUSED, true);
  }

  /** True if the hop refused this client (authentication), false if it refused the request's target. */
  public boolean refusesClient() {
    return refusesClient;
  }

  /** The protocol's reply code, or -1. */
  public int replyCode() {
    return replyCode;
  }

  @Override
  public DirectFailure directFailure() {
    return directFailure;
  }
}
