package dev.socksify.redirector.dns;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.dns.DnsMessage;
import dev.socksify.chain.dns.DnsMessageReader;
import dev.socksify.chain.dns.DnsMessageWriter;
import dev.socksify.chain.dns.DnsProtocolException;
import dev.socksify.chain.dns.DnsRcode;
import dev.socksify.chain.dns.DnsResponses;
import dev.socksify.chain.dns.FakeDnsResolver;
import dev.socksify.redirector.Log;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers one query: in {@code fake-ip} mode A/AAAA (and the few others {@link FakeDnsResolver} handles) from the
 * fake range, the rest forwarded; in {@code forward} mode everything forwarded. Forwarded queries go where
 * {@link DnsRouting} says. A forward that fails is answered SERVFAIL (the client may retry) and logged in one line.
 * Thread-safe; each query runs on the event loop given.
 */
final class DnsService {
  private final FakeDnsResolver fakes;
  private final DnsRouting routing;
  private final LongAdder answered = new LongAdder();
  private final LongAdder forwarded = new LongAdder();
  private final LongAdder failed = new LongAdder();

  /** @param fakes the fake-IP resolver, or null in forward mode */
  DnsService(FakeDnsResolver fakes, DnsRouting routing) {
    this.fakes = fakes;
    this.routing = routing;
  }

  /**
   * The response to {@code query} from {@code client}, sized for UDP when {@code udp} (TC set if it does not fit);
   * completes with null when nothing must be sent back (a response sent to us, garbage).
   */
  Future<byte[]> answer(byte[] query, InetSocketAddress client, boolean udp, EventLoop loop) {
    Promise<byte[]> out = loop.newPromise();
    DnsMessage asked;
    if (fakes != null) {
      FakeDnsResolver.Decision decision = fakes.resolve(query);
      if (decision instanceof FakeDnsResolver.Answer a) {
        answered.increment();
        return out.setSuccess(a.bytes());
      }
      if (decision instanceof FakeDnsResolver.Drop) {
        return out.setSuccess(null);
      }
      asked = ((FakeDnsResolver.Forward) decision).query();
    } else {
      try {
        asked = DnsMessageReader.read(query);
      } catch (DnsProtocolException garbage) {
        return out.setSuccess(null);
      }
      if (asked.isResponse()) {
        return out.setSuccess(null);
      }
    }
    DnsUpstream upstream = routing.upstreamFor(asked);
    forwarded.increment();
    upstream.exchange(query, asked, loop).addListener(f -> {
      byte[] response;
      if (f.isSuccess()) {
        response = (byte[]) f.getNow();
      } else {
        failed.increment();
        Log.warn("dns " + Addresses.format(client) + " " + asked.question().map(Object::toString).orElse("?")
            + " via " + upstream.describe() + ": " + reason(f.cause()) + " (answered SERVFAIL)");
        response = DnsMessageWriter.write(DnsResponses.error(asked, DnsRcode.SERVFAIL));
      }
      try {
        out.setSuccess(udp ? DnsResponses.fitUdp(response, DnsResponses.udpLimit(asked)) : response);
      } catch (DnsProtocolException e) {
        out.setSuccess(null);
      }
    });
    return out;
  }

  private static String reason(Throwable cause) {
    String m = cause.getMessage();
    return m == null || m.isBlank() ? cause.getClass().getSimpleName() : m;
  }

  /** {@code 12 answered here, 3 forwarded, 0 failed}. */
  String counters() {
    return answered.sum() + " answered here, " + forwarded.sum() + " forwarded, " + failed.sum() + " failed";
  }
}
