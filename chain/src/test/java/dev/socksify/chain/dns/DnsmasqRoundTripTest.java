package dev.socksify.chain.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.dns.FakeDnsResolver.Forward;
import dev.socksify.testkit.Lab;
import dev.socksify.testkit.peers.Dnsmasq;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS over TCP to a real dnsmasq on loopback: the forwarding path the redirector uses (through a chain the stream
 * would be a CONNECT tunnel; here it is a direct loopback connection, the exchange is the same). dnsmasq's query log
 * shows what arrived and from which client address.
 */
class DnsmasqRoundTripTest {
  /** Each test's client binds its own loopback alias, so the log proves which socket a query came from. */
  private static final String CLIENT = "127.0.0.77";

  private static final String FORWARDER = "127.0.0.78";

  @TempDir static Path dir;
  private static Dnsmasq dns;

  @BeforeAll
  static void start() throws Exception {
    Lab.requireCommand("dnsmasq");
    dns = Dnsmasq.on("127.0.0.1")
        .address("service.test", "10.201.0.7")
        .hostRecord("both.test", "10.201.0.8", "fd00::8")
        .local("test")
        .start(dir);
  }

  @AfterAll
  static void stop() {
    if (dns != null) {
      dns.close();
    }
  }

  private static Socket connect(String client) throws Exception {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(client, 0));
    s.connect(dns.address(), 5000);
    s.setSoTimeout(5000);
    return s;
  }

  private static DnsMessage ask(Socket s, DnsMessage query) throws Exception {
    byte[] response = DnsOverTcp.exchange(s.getInputStream(), s.getOutputStream(), DnsMessageWriter.write(query));
    return DnsMessageReader.read(response);
  }

  @Test
  void severalQueriesOverOneConnection() throws Exception {
    try (Socket s = connect(CLIENT)) {
      DnsMessage a = ask(s, DnsQueries.query(1, DnsName.of("service.test"), DnsType.A));
      assertEquals(DnsRcode.NOERROR, a.rcode());
      assertEquals(List.of(InetAddress.getByName("10.201.0.7")), a.answerAddresses());

      DnsMessage aaaa = ask(s, DnsQueries.queryWithEdns(2, DnsName.of("Both.Test"), DnsType.AAAA, 1232));
      assertEquals(List.of(InetAddress.getByName("fd00::8")), aaaa.answerAddresses());
      assertTrue(aaaa.edns().isPresent(), "dnsmasq answers EDNS with EDNS");

      DnsMessage nx = ask(s, DnsQueries.query(3, DnsName.of("nope.test"), DnsType.A));
      assertEquals(DnsRcode.NXDOMAIN, nx.rcode());
      assertEquals(List.of(), nx.answers());
    }
    List<Dnsmasq.Query> mine = dns.queries().stream().filter(q -> q.client().equals(CLIENT)).toList();
    assertEquals(List.of(new Dnsmasq.Query("A", "service.test", CLIENT),
        new Dnsmasq.Query("AAAA", "Both.Test", CLIENT),
        new Dnsmasq.Query("A", "nope.test", CLIENT)), mine);
  }

  /** What fake-ip does with a type it does not fake: forward the client's bytes, relay the answer. */
  @Test
  void forwardedQueryFromTheFakeResolver() throws Exception {
    FakeAddressPool pool = FakeAddressPool.defaults();
    byte[] clientQuery = DnsMessageWriter.write(DnsQueries.query(0x5150, DnsName.of("both.test"), DnsType.MX));
    Forward forward = (Forward) new FakeDnsResolver(pool).resolve(clientQuery);
    byte[] response;
    try (Socket s = connect(FORWARDER)) {
      response = DnsOverTcp.exchange(s.getInputStream(), s.getOutputStream(), forward.bytes());
    }
    byte[] udp = DnsResponses.fitUdp(response, DnsResponses.udpLimit(forward.query()));
    DnsMessage m = DnsMessageReader.read(udp);
    assertEquals(0x5150, m.id());
    assertEquals(DnsRcode.NOERROR, m.rcode(), "both.test exists but has no MX");
    assertEquals(List.of(), m.answers());
    assertEquals(0, pool.size());
    assertEquals(List.of(new Dnsmasq.Query("MX", "both.test", FORWARDER)),
        dns.queries().stream().filter(q -> q.client().equals(FORWARDER)).toList());
  }
}
