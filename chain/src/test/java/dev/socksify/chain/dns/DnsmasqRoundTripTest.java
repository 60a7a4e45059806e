package dev.socksify.chain.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.dns.FakeDnsResolver.Forward;
import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.blocking.BlockingChainConnector;
import dev.socksify.chain.blocking.BlockingTunnel;
import dev.socksify.chain.blocking.SocketChannelTransport;
import dev.socksify.testkit.EmbeddedSocks5Server;
import dev.socksify.testkit.Lab;
import dev.socksify.testkit.peers.Dnsmasq;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
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

  private static final String TRANSPORT = "127.0.0.79";

  private static final String LAST_HOP = "127.0.0.80";

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

  /**
   * The {@link dev.socksify.chain.blocking.BlockingTransport} form of the exchange, which is what a
   * {@code BlockingTunnel} through the chain hands over; here the transport is a direct loopback channel.
   */
  @Test
  void overABlockingTransport() throws Exception {
    byte[] query = DnsMessageWriter.write(DnsQueries.query(0x7001, DnsName.of("both.test"), DnsType.A));
    SocketChannel channel = SocketChannel.open();
    channel.bind(new InetSocketAddress(TRANSPORT, 0));
    channel.connect(dns.address());
    try (SocketChannelTransport transport = new SocketChannelTransport(channel)) {
      byte[] response = DnsOverTcp.exchange(transport, query, Duration.ofSeconds(5));
      assertEquals(List.of(InetAddress.getByName("10.201.0.8")), DnsMessageReader.read(response).answerAddresses());
    }
    assertEquals(List.of(new Dnsmasq.Query("A", "both.test", TRANSPORT)),
        dns.queries().stream().filter(q -> q.client().equals(TRANSPORT)).toList());
  }

  /**
   * The redirector's {@code forward} mode: DNS over TCP through a chain CONNECT to the resolver. Two embedded SOCKS5
   * hops, the last leaving from its own loopback alias, which dnsmasq logs as the client.
   */
  @Test
  void forwardedThroughASocks5Chain() throws Exception {
    try (EmbeddedSocks5Server first = new EmbeddedSocks5Server();
        EmbeddedSocks5Server last = new EmbeddedSocks5Server().outboundFrom(InetAddress.getByName(LAST_HOP))) {
      Chain chain = Chain.strict("dns", List.of(new Hop(ProxyType.SOCKS5, "127.0.0.1", first.port()),
          new Hop(ProxyType.SOCKS5, "127.0.0.1", last.port())));
      byte[] query = DnsMessageWriter.write(DnsQueries.query(0x7002, DnsName.of("service.test"), DnsType.A));
      try (BlockingTunnel tunnel = new BlockingChainConnector().connect(chain, dns.address())) {
        byte[] response = DnsOverTcp.exchange(tunnel.transport(), query, Duration.ofSeconds(5));
        assertEquals(List.of(InetAddress.getByName("10.201.0.7")), DnsMessageReader.read(response).answerAddresses());
      }
      assertEquals(1, first.connectionCount());
      assertEquals(1, last.connectionCount());
    }
    assertEquals(List.of(new Dnsmasq.Query("A", "service.test", LAST_HOP)),
        dns.queries().stream().filter(q -> q.client().equals(LAST_HOP)).toList());
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
