package dev.socksify.chain;

/**
 * The hop gave no usable answer: the TCP connect to it failed, it timed out, closed mid-handshake, or sent
 * bytes that are not its protocol. For a chain this means the hop is dead or broken, so dynamic mode may skip it.
 */
public final class HopUnreachableException extends ChainException {
  private final DirectFailure directFailure;

  public HopUnreachableException(HopContext context, String what, DirectFailure directFailure, Throwable cause) {
    super(context, what, cause);
    this.directFailure = directFailure;
  }

  /** The hop broke its protocol (wrong version, unknown address type, oversized or endless reply). */
  public static HopUnreachableException protocol(HopContext context, String what) {
    return new HopUnreachableException(context, "protocol error: " + what, DirectFailure.REFUSED, null);
  }

  /** The hop closed the connection before its reply was complete. */
  public static HopUnreachableException eof(HopContext context) {
    return new HopUnreachableException(context, "proxy closed the connection mid-handshake", DirectFailure.REFUSED, null);
  }

  /** The hop did not answer within its read timeout. */
  public static HopUnreachableException timeout(HopContext context, long millis) {
    return new HopUnreachableException(context, "no reply within " + millis + " ms", DirectFailure.TIMEOUT, null);
  }

  @Override
  public DirectFailure directFailure() {
    return directFailure;
  }
}
