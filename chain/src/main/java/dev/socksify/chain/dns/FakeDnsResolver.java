package dev.socksify.chain.dns;

import dev.socksify.chain.Addresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The redirector's {@code fake-ip} DNS service as a pure decision: a query in, an answer or "forward this" out. No
 * transport: the listener (UDP or TCP) sends {@link Answer}s back and forwards {@link Forward}s (through the chain,
 * see {@link DnsOverTcp}, or to the host's resolver for names the rules send direct).
 *
 * <p>What it answers itself:
 *
 * <ul>
 *   <li>A and AAAA for host names the rules send through a chain: the name's fake address from the pool, with a short
 *       TTL ({@value #DEFAULT_TTL_SECONDS} s by default: client caches drop fake addresses soon after a restart of
 *       the redirector, whose map is in memory). A family without a fake range gets NOERROR without records (NODATA),
 *       not NXDOMAIN: the name exists and has the other family, and NXDOMAIN would make resolvers give up on the name
 *       altogether (RFC 8020).
 *   <li>ANY: the fake addresses, the subset RFC 8482 allows.
 *   <li>HTTPS and SVCB (types 65, 64): NODATA, because their address hints would steer clients to real addresses and
 *       lose the name; clients then fall back to A/AAAA.
 *   <li>PTR for addresses in a fake range: the name, or NXDOMAIN if the address maps to none. Such queries never go
 *       upstream: they would only tell it which fake addresses are in use.
 *   <li>{@code localhost} and names under it: loopback (RFC 6761 6.3), never fake.
 *   <li>Malformed queries: FORMERR; opcodes other than QUERY: NOTIMP; several questions: FORMERR; EDNS version above
 *       0: BADVERS. Responses sent to the listener are dropped, which rules out answer loops.
 * </ul>
 *
 * <p>Everything else is forwarded unchanged: other record types, classes other than IN, names that are no host names,
 * and names {@code fakeEligible} rejects.
 */
public final class FakeDnsResolver {
  public static final long DEFAULT_TTL_SECONDS = 10;

  private final FakeAddressPool pool;
  private final Predicate<String> fakeEligible;
  private final long ttlSeconds;

  /**
   * @param fakeEligible given a normalised host name, true if connections to it go through a chain (so it gets a fake
   *     address), false if the rules send it direct (so the real resolver must answer)
   */
  public FakeDnsResolver(FakeAddressPool pool, Predicate<String> fakeEligible, long ttlSeconds) {
    if (ttlSeconds < 0 || ttlSeconds > 0x7FFFFFFFL) {
      throw new IllegalArgumentException("TTL out of range: " + ttlSeconds);
    }
    this.pool = pool;
    this.fakeEligible = fakeEligible;
    this.ttlSeconds = ttlSeconds;
  }

  /** Every host name gets a fake address; {@value #DEFAULT_TTL_SECONDS} s TTL. */
  public FakeDnsResolver(FakeAddressPool pool) {
    this(pool, name -> true, DEFAULT_TTL_SECONDS);
  }

  /** What to do with one received query. */
  public sealed interface Decision permits Answer, Forward, Drop {}

  /** Send {@code response} back to the client (over UDP, it is always small enough). */
  public record Answer(DnsMessage response) implements Decision {
    public byte[] bytes() {
      return DnsMessageWriter.write(response);
    }
  }

  /** Forward {@code bytes} (the query as received) upstream and relay the response. */
  public record Forward(DnsMessage query, byte[] bytes) implements Decision {}

  /** Send nothing back; {@code reason} is for the log. */
  public record Drop(String reason) implements Decision {}

  /** Decides on raw bytes as received; never throws. */
  public Decision resolve(byte[] datagram) {
    DnsMessage query;
    try {
      query = DnsMessageReader.read(datagram);
    } catch (DnsProtocolException e) {
      // answer FORMERR only to what has a whole header and claims to be a query: never to responses (loops) nor to
      // scraps (a reply bigger than the datagram would reward spoofed garbage)
      if (datagram.length < 12 || (datagram[2] & 0x80) != 0 || e.queryId().isEmpty()) {
        return new Drop(e.getMessage());
      }
      int flags = ((datagram[2] & 0xFF) << 8) | (datagram[3] & 0xFF);
      return new Answer(DnsResponses.formatError(e.queryId().getAsInt(), flags));
    }
    return resolve(query, datagram);
  }

  /** Decides on a parsed query. */
  public Decision resolve(DnsMessage query) {
    return resolve(query, DnsMessageWriter.write(query));
  }

  private Decision resolve(DnsMessage query, byte[] bytes) {
    if (query.isResponse()) {
      return new Drop("got a response, not a query: " + query);
    }
    if (query.opcode() != DnsMessage.OPCODE_QUERY) {
      return error(query, DnsRcode.NOTIMP);
    }
    if (query.questions().size() != 1) {
      return error(query, DnsRcode.FORMERR);
    }
    if (query.edns().map(e -> e.version() > 0).orElse(false)) {
      return error(query, DnsRcode.BADVERS);
    }
    DnsQuestion q = query.questions().get(0);
    if (q.dnsClass() != DnsQuestion.CLASS_IN) {
      return new Forward(query, bytes);
    }
    if (q.type().equals(DnsType.PTR)) {
      return reverse(query, q, bytes);
    }
    Optional<String> host = q.name().hostname();
    if (host.isEmpty()) {
      return new Forward(query, bytes);
    }
    String name = host.get();
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return new Answer(DnsResponses.addresses(query, loopback(q.type()), ttlSeconds));
    }
    // "1.2.3.4" asked as a name: not ours to fake (the pool refuses literals); the real resolver says what it is
    if (!fakeEligible.test(name) || Addresses.isLiteral(name)) {
      return new Forward(query, bytes);
    }
    try {
      return fake(query, q.type(), name, bytes);
    } catch (UnknownHostException e) {
      // hostname() admits only what normalize() admits, except over-long names, which the real resolver may judge
      return new Forward(query, bytes);
    }
  }

  private Decision fake(DnsMessage query, DnsType type, String name, byte[] bytes) throws UnknownHostException {
    List<InetAddress> addresses;
    if (type.equals(DnsType.A)) {
      addresses = pool.ipv4(name).stream().toList();
    } else if (type.equals(DnsType.AAAA)) {
      addresses = pool.ipv6(name).stream().toList();
    } else if (type.equals(DnsType.ANY)) {
      addresses = pool.lookup(name);
    } else if (type.equals(DnsType.HTTPS) || type.equals(DnsType.SVCB)) {
      addresses = List.of();
    } else {
      return new Forward(query, bytes);
    }
    return new Answer(DnsResponses.addresses(query, addresses, ttlSeconds));
  }

  private Decision reverse(DnsMessage query, DnsQuestion q, byte[] bytes) {
    Optional<InetAddress> address = ReverseName.address(q.name());
    if (address.isEmpty() || !pool.isFake(address.get())) {
      return new Forward(query, bytes);
    }
    Optional<String> name = pool.nameOf(address.get());
    if (name.isEmpty()) {
      return error(query, DnsRcode.NXDOMAIN);
    }
    DnsRecord ptr = new DnsRecord(q.name(), DnsType.PTR, DnsQuestion.CLASS_IN, ttlSeconds,
        DnsName.of(name.get()).wire());
    return new Answer(DnsResponses.answer(query, List.of(ptr)));
  }

  private static List<InetAddress> loopback(DnsType type) {
    byte[] v4 = {127, 0, 0, 1};
    byte[] v6 = new byte[16];
    v6[15] = 1;
    try {
      if (type.equals(DnsType.A)) {
        return List.of(InetAddress.getByAddress(v4));
      }
      if (type.equals(DnsType.AAAA)) {
        return List.of(InetAddress.getByAddress(v6));
      }
      return type.equals(DnsType.ANY) ? List.of(InetAddress.getByAddress(v4), InetAddress.getByAddress(v6))
          : List.of();
    } catch (UnknownHostException impossible) {
      throw new AssertionError(impossible);
    }
  }

  private static Answer error(DnsMessage query, DnsRcode rcode) {
    return new Answer(DnsResponses.error(query, rcode));
  }
}
