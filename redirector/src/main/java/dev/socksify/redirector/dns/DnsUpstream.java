package dev.socksify.redirector.dns;

import dev.socksify.chain.dns.DnsMessage;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/** Where a forwarded query goes: a resolver through the chain, the system's resolver directly, or nowhere. */
interface DnsUpstream {
  /**
   * Forwards {@code query} (as received; {@code asked} is its parse) on {@code loop}; completes with the resolver's
   * response, or fails with a reason for the log.
   */
  Future<byte[]> exchange(byte[] query, DnsMessage asked, EventLoop loop);

  /** For log lines: {@code 10.0.0.53:53 via chain default (socks5 10.0.0.5:1080)}. */
  String describe();
}
