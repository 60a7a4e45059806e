package dev.socksify.redirector.dns;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.Chain;
import dev.socksify.chain.dns.DnsMessage;
import dev.socksify.chain.netty.NettyChainConnector;
import io.netty.bootstrap.Bootstrap;
import dev.socksify.chain.netty.NettyTunnel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Forwards each query over a TCP connection of its own to a resolver: through the chain (a CONNECT tunnel, so the
 * last hop's address is what the resolver sees and nothing goes out from this host), or directly from a marked
 * socket (names the rules send direct, to the system's resolver). One connection per query keeps failures apart;
 * the answer must come within {@link #TIMEOUT}.
 */
final class TcpDnsUpstream implements DnsUpstream {
  /** Longer than a chain's connect and a resolver's recursion usually take; clients retry after about 5 s. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String description;
  private final Opener opener;

  /** Opens the stream for one exchange; the handle ends it (cancels the attempt, or closes the stream). */
  @FunctionalInterface
  private interface Opener {
    Runnable open(EventLoop loop, DnsExchange exchange);
  }

  private TcpDnsUpstream(String description, Opener opener) {
    this.description = description;
    this.opener = opener;
  }

  /** Through {@code chain} to {@code resolver} (a name stays a name: the last hop resolves it). */
  static TcpDnsUpstream viaChain(Chain chain, InetSocketAddress resolver, NettyChainConnector connector) {
    String hops = String.join(" -> ", chain.hops().stream().map(Object::toString).toList());
    return new TcpDnsUpstream(Addresses.format(resolver) + " via chain " + chain.name() + " (" + hops + ")",
        (loop, exchange) -> {
          Future<NettyTunnel> attempt = connector.connect(chain, resolver, exchange, loop);
          attempt.addListener(f -> {
            if (!f.isSuccess()) {
              exchange.fail(f.cause());
            }
          });
          return () -> {
            if (!attempt.cancel(false) && attempt.isSuccess()) {
              attempt.getNow().channel().close();
            }
          };
        });
  }

  /** Straight to {@code resolver} with {@code bootstrap}'s marked sockets. */
  static TcpDnsUpstream direct(InetSocketAddress resolver, Bootstrap bootstrap) {
    return new TcpDnsUpstream(Addresses.format(resolver) + " direct", (loop, exchange) -> {
      ChannelFuture connected = bootstrap.clone(loop).handler(exchange).connect(resolver);
      connected.addListener(f -> {
        if (!f.isSuccess()) {
          exchange.fail(f.cause());
        }
      });
      return () -> connected.channel().close();
    });
  }

  @Override
  public Future<byte[]> exchange(byte[] query, DnsMessage asked, EventLoop loop) {
    Promise<byte[]> answer = loop.newPromise();
    Runnable end = opener.open(loop, new DnsExchange(query, asked, answer));
    ScheduledFuture<?> timeout = loop.schedule(() -> {
      answer.tryFailure(new SocketTimeoutException("no answer within " + TIMEOUT.toSeconds() + " s"));
    }, TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    answer.addListener(f -> {
      timeout.cancel(false);
      end.run();
    });
    return answer;
  }

  @Override
  public String describe() {
    return description;
  }
}
