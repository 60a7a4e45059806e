package dev.socksify.chain.protocol.http;

import dev.socksify.chain.DirectFailure;

/** What a non-2xx answer to CONNECT means, in words and as the failure a direct connect would have had. */
final class HttpStatus {
  private HttpStatus() {}

  /** RFC 9110's reason phrase in lower case for the codes proxies send, or {@code null}. */
  static String meaning(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not found";
      case 405 -> "method not allowed";
      case 407 -> "proxy authentication required";
      case 408 -> "request timeout";
      case 429 -> "too many requests";
      case 500 -> "internal server error";
      case 501 -> "not implemented";
      case 502 -> "bad gateway";
      case 503 -> "service unavailable";
      case 504 -> "gateway timeout";
      default -> null;
    };
  }

  /**
   * Only 504 says the proxy gave up waiting for the destination. HTTP has no status for "unknown host": squid
   * uses 503 with an error header, and tinyproxy 1.11 answers {@code 500 Unable to connect} with the same
   * headers and body for an unresolvable name and for a closed port (tried on loopback), so no status can
   * honestly become an unknown-host failure; the rest are refusals.
   */
  static DirectFailure directFailure(int status) {
    return status == 504 ? DirectFailure.TIMEOUT : DirectFailure.REFUSED;
  }
}
