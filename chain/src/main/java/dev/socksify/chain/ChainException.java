package dev.socksify.chain;

import java.io.IOException;

/**
 * Why a connection could not be set up through the chain. The message always names the hop (index, scheme,
 * host:port), what it was asked to reach, and what went wrong, e.g.
 * {@code hop 2 socks5 10.0.0.5:1080 -> db.internal:5432: connection refused (0x05)}. Passwords never appear.
 *
 * <p>Two kinds matter to callers and are distinct types: {@link HopRefusedException} (the proxy answered
 * "no") and {@link HopUnreachableException} (no usable answer: connect failure, timeout, EOF, garbage).
 * Dynamic chains and failover skip unreachable hops but not refusals of the destination.
 */
public abstract sealed class ChainException extends IOException
    permits HopRefusedException, HopUnreachableException {
  private final HopContext context;

  protected ChainException(HopContext context, String what, Throwable cause) {
    super(context + ": " + what, cause);
    this.context = context;
  }

  /** The step that failed. */
  public HopContext context() {
    return context;
  }

  /**
   * The exception a direct connection to the destination would have thrown in this situation
   * ({@code ConnectException}, {@code SocketTimeoutException}, {@code UnknownHostException},
   * {@code NoRouteToHostException}), with this message and this exception as its cause. Apps under the agent
   * see this one.
   */
  public IOException asDirectException() {
    return directFailure().toException(getMessage(), this);
  }

  /** How this failure looks to code that connected directly. */
  public abstract DirectFailure directFailure();
}
