package dev.socksify.chain.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.dns.FakeDnsResolver.Answer;
import dev.socksify.chain.dns.FakeDnsResolver.Decision;
import dev.socksify.chain.dns.FakeDnsResolver.Drop;
import dev.socksify.chain.dns.FakeDnsResolver.Forward;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeDnsResolverTest {
  private final FakeAddressPool pool = FakeAddressPool.defaults();
  private final FakeDnsResolver resolver = new FakeDnsResolver(pool);

  @Test
  void digAGetsTheFakeAddress() {
    Answer a = answer(resolver.resolve(Hex.bytes(DnsMessageReaderTest.DIG_A)));
    assertArrayEquals(Hex.bytes("247a 8180 0001 0001 0000 0000 07 73657276696365 04 74657374 00 0001 0001"
        + " c00c 0001 0001 0000000a 0004 c6120001"), a.bytes());
    assertEquals("service.test", pool.nameOf(a.response().answerAddresses().get(0)).orElseThrow());
  }

  @Test
  void aaaaWithoutAnIpv6RangeIsNoData() {
    DnsMessage r = answer(resolver.resolve(query("service.test", DnsType.AAAA))).response();
    assertEquals(DnsRcode.NOERROR, r.rcode());
    assertEquals(List.of(), r.answers());
  }

  @Test
  void aaaaAndAnyWithBothRanges() throws Exception {
    FakeAddressPool dual = FakeAddressPool.of(FakeRange.parse("198.18.0.0/15"),
        FakeRange.parse(FakeAddressPool.SUGGESTED_IPV6_RANGE), 100);
    FakeDnsResolver r = new FakeDnsResolver(dual, n -> true, 30);
    DnsMessage aaaa = answer(r.resolve(query("v6.test", DnsType.AAAA))).response();
    assertEquals(List.of(InetAddress.getByName("fd73:6f63:6b73::1")), aaaa.answerAddresses());
    assertEquals(30, aaaa.answers().get(0).ttl());
    DnsMessage any = answer(r.resolve(query("v6.test", DnsType.ANY))).response();
    assertEquals(List.of(InetAddress.getByName("198.18.0.1"), InetAddress.getByName("fd73:6f63:6b73::1")),
        any.answerAddresses());
  }

  @Test
  void otherTypesAreForwardedAsReceived() {
    byte[] mx = Hex.bytes(DnsMessageReaderTest.DIG_MX);
    Forward f = assertInstanceOf(Forward.class, resolver.resolve(mx));
    assertSame(mx, f.bytes());
    assertEquals(DnsType.MX, f.query().question().orElseThrow().type());
    assertInstanceOf(Forward.class, resolver.resolve(query("service.test", DnsType.TXT)));
    assertEquals(0, pool.size(), "forwarded names get no fake address");
  }

  @Test
  void httpsAndSvcbAreNoDataSoClientsUseTheFakeAddresses() {
    for (DnsType t : List.of(DnsType.HTTPS, DnsType.SVCB)) {
      DnsMessage r = answer(resolver.resolve(query("web.test", t))).response();
      assertEquals(DnsRcode.NOERROR, r.rcode(), t.toString());
      assertEquals(List.of(), r.answers());
    }
  }

  @Test
  void namesTheRulesSendDirectAreForwarded() {
    FakeDnsResolver r = new FakeDnsResolver(pool, n -> !n.endsWith(".lan"), 10);
    assertInstanceOf(Forward.class, r.resolve(query("printer.LAN", DnsType.A)));
    assertInstanceOf(Answer.class, r.resolve(query("remote.test", DnsType.A)));
    assertEquals(1, pool.size());
  }

  @Test
  void localhostIsLoopbackNeverFake() throws Exception {
    assertEquals(List.of(InetAddress.getByName("127.0.0.1")),
        answer(resolver.resolve(query("localhost", DnsType.A))).response().answerAddresses());
    assertEquals(List.of(InetAddress.getByName("::1")),
        answer(resolver.resolve(query("app.localhost.", DnsType.AAAA))).response().answerAddresses());
    assertEquals(0, pool.size());
  }

  @Test
  void reverseLookupsOfFakeAddressesAreAnsweredHere() throws Exception {
    pool.ipv4("first.test");
    pool.ipv4("second.test");
    DnsMessage ptr = answer(resolver.resolve(query("2.0.18.198.in-addr.arpa", DnsType.PTR))).response();
    DnsRecord rec = ptr.answers().get(0);
    assertEquals(DnsType.PTR, rec.type());
    assertArrayEquals(DnsName.of("second.test").wire(), rec.rdata());
    // in the range but no name: NXDOMAIN, not forwarded (that would tell upstream which fakes are in use)
    assertEquals(DnsRcode.NXDOMAIN,
        answer(resolver.resolve(query("9.9.19.198.in-addr.arpa", DnsType.PTR))).response().rcode());
    assertInstanceOf(Forward.class, resolver.resolve(query("1.0.0.127.in-addr.arpa", DnsType.PTR)));
    assertInstanceOf(Forward.class, resolver.resolve(query("18.198.in-addr.arpa", DnsType.PTR)), "a zone");
  }

  @Test
  void reverseLookupOfAnIpv6Fake() throws Exception {
    FakeAddressPool dual = FakeAddressPool.of(null, FakeRange.parse("fd00:1::/64"), 10);
    dual.ipv6("six.test");
    // fd00:1::1 = fd00:0001:0000:0000:0000:0000:0000:0001, nibbles from the last one
    String nibbles = "1.0.0.0." + "0.".repeat(20) + "1.0.0.0.0.0.d.f.ip6.arpa";
    DnsMessage ptr = answer(new FakeDnsResolver(dual).resolve(query(nibbles, DnsType.PTR))).response();
    assertArrayEquals(DnsName.of("six.test").wire(), ptr.answers().get(0).rdata());
  }

  @Test
  void classesOtherThanInAndOddNamesAreForwarded() {
    DnsMessage chaos = new DnsMessage(5, DnsMessage.RD, List.of(new DnsQuestion(DnsName.of("version.bind"),
        DnsType.TXT, 3)), List.of(), List.of(), List.of());
    assertInstanceOf(Forward.class, resolver.resolve(chaos));
    assertInstanceOf(Forward.class, resolver.resolve(query("we\\032ird.test", DnsType.A)));
    assertInstanceOf(Forward.class, resolver.resolve(query(".", DnsType.A)));
    assertInstanceOf(Forward.class, resolver.resolve(query("10.1.2.3", DnsType.A)), "a literal asked as a name");
    assertEquals(0, pool.size());
  }

  @Test
  void protocolErrors() {
    DnsMessage status = new DnsMessage(9, 2 << 11, List.of(), List.of(), List.of(), List.of());
    assertEquals(DnsRcode.NOTIMP, answer(resolver.resolve(status)).response().rcode());
    DnsMessage none = new DnsMessage(9, DnsMessage.RD, List.of(), List.of(), List.of(), List.of());
    assertEquals(DnsRcode.FORMERR, answer(resolver.resolve(none)).response().rcode());
    DnsMessage v1 = new DnsMessage(9, DnsMessage.RD, List.of(DnsQuestion.in(DnsName.of("a.test"), DnsType.A)),
        List.of(), List.of(), List.of(new Edns(1232, 1, false, 0).toOpt()));
    assertEquals(DnsRcode.BADVERS, answer(resolver.resolve(v1)).response().rcode());
  }

  @Test
  void malformedDatagrams() {
    // a compression loop in a query: FORMERR to its id, RD kept
    byte[] loop = Hex.bytes("abcd 0100 0001 0000 0000 0000 c00c 0001 0001");
    assertArrayEquals(Hex.bytes("abcd 8181 0000 0000 0000 0000"), answer(resolver.resolve(loop)).bytes());
    // a response sent to us, even a broken one, is never answered: no loops between two servers
    assertInstanceOf(Drop.class, resolver.resolve(Hex.bytes(DnsMessageReaderTest.DNSMASQ_A)));
    assertInstanceOf(Drop.class, resolver.resolve(Hex.bytes("abcd 8100 0001 0000 0000 0000 c00c")));
    // scraps shorter than a header: nothing to answer
    assertInstanceOf(Drop.class, resolver.resolve(Hex.bytes("abcd 01")));
    assertEquals(0, pool.size());
  }

  private static DnsMessage query(String name, DnsType type) {
    return DnsQueries.query(0x1234, DnsName.of(name), type);
  }

  private static Answer answer(Decision d) {
    return assertInstanceOf(Answer.class, d);
  }

  @Test
  void answersRoundTripThroughTheReader() throws Exception {
    byte[] bytes = answer(resolver.resolve(query("Round.Trip.test.", DnsType.A))).bytes();
    DnsMessage m = DnsMessageReader.read(bytes);
    assertTrue(m.isResponse());
    assertEquals("Round.Trip.test", m.question().orElseThrow().name().toString());
    assertEquals(List.of(pool.ipv4("round.trip.test").orElseThrow()), m.answerAddresses());
  }
}
