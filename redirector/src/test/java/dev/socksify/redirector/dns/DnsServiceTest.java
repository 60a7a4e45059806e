package dev.socksify.redirector.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.dns.DnsMessage;
import dev.socksify.chain.dns.DnsMessageReader;
import dev.socksify.chain.dns.DnsMessageWriter;
import dev.socksify.chain.dns.DnsName;
import dev.socksify.chain.dns.DnsQueries;
import dev.socksify.chain.dns.DnsRcode;
import dev.socksify.chain.dns.DnsResponses;
import dev.socksify.chain.dns.DnsType;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.chain.dns.FakeDnsResolver;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What is answered here, what goes through the chain, what to the system's resolver, and failures. */
class DnsServiceTest {
  private static final SocksifyConfig CONFIG = SocksifyConfig.parse("""
      [chain a]
      socks5 proxy.example 1080
      [rules]
      domain *.direct.test -> direct
      default -> chain a
      """, "test.conf");
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);

  private final EventLoop loop = new DefaultEventLoop();
  private final Recording chain = new Recording("chain", 1);
  private final Recording system = new Recording("system", 1);
  private final DnsRouting routing = new DnsRouting(CONFIG.rules(), CONFIG.hops(), chain, system);
  private final FakeAddressPool pool = FakeAddressPool.defaults();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** An upstream that answers with {@code records} addresses, or fails when {@code records} is negative. */
  private static final class Recording implements DnsUpstream {
    final List<String> asked = new CopyOnWriteArrayList<>();
    final String name;
    volatile int records;

    Recording(String name, int records) {
      this.name = name;
      this.records = records;
    }

    @Override
    public Future<byte[]> exchange(byte[] query, DnsMessage q, EventLoop loop) {
      asked.add(q.question().orElseThrow().toString());
      if (records < 0) {
        return loop.newFailedFuture(new IOException("hop 1 socks5 proxy.example:1080: connection refused"));
      }
      List<InetAddress> addresses = new ArrayList<>();
      for (int k = 0; k < records; k++) {
        try {
          addresses.add(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) k}));
        } catch (IOException impossible) {
          throw new AssertionError(impossible);
        }
      }
      return loop.newSucceededFuture(DnsMessageWriter.write(DnsResponses.addresses(q, addresses, 60)));
    }

    @Override
    public String describe() {
      return name;
    }
  }

  private DnsService fakeIp() {
    return new DnsService(new FakeDnsResolver(pool, n -> !routing.sendsDirect(n), 10), routing);
  }

  private DnsMessage ask(DnsService service, String name, DnsType type, boolean udp) throws Exception {
    byte[] query = DnsMessageWriter.write(DnsQueries.query(7, DnsName.of(name), type));
    return DnsMessageReader.read(service.answer(query, CLIENT, udp, loop).get(5, TimeUnit.SECONDS));
  }

  private DnsMessage ask(DnsService service, String name, DnsType type) throws Exception {
    return ask(service, name, type, true);
  }

  @Test
  void fakeIpAnswersAddressesHereAndForwardsOtherTypesThroughTheChain() throws Exception {
    DnsService service = fakeIp();
    DnsMessage a = ask(service, "www.example", DnsType.A);
    assertEquals(List.of(pool.ipv4("www.example").orElseThrow()), a.answerAddresses());
    assertEquals(List.of(), chain.asked, "an address query must not leave");
    DnsMessage mx = ask(service, "www.example", DnsType.MX);
    assertEquals(DnsRcode.NOERROR, mx.rcode());
    assertEquals(List.of("www.example MX(15)"), chain.asked);
    assertEquals(List.of(), system.asked);
  }

  @Test
  void namesSentDirectAndTheProxiesOwnNamesGoToTheSystemResolver() throws Exception {
    DnsService service = fakeIp();
    assertEquals(List.of(InetAddress.getByName("192.0.2.0")), ask(service, "host.direct.test", DnsType.A)
        .answerAddresses());
    assertEquals(List.of(InetAddress.getByName("192.0.2.0")), ask(service, "proxy.example", DnsType.A)
        .answerAddresses());
    assertEquals(List.of("host.direct.test A(1)", "proxy.example A(1)"), system.asked);
    assertEquals(List.of(), chain.asked);
  }

  @Test
  void forwardModeSendsEverythingElseThroughTheChain() throws Exception {
    DnsService service = new DnsService(null, routing);
    ask(service, "www.example", DnsType.A);
    ask(service, "host.direct.test", DnsType.AAAA);
    assertEquals(List.of("www.example A(1)"), chain.asked);
    assertEquals(List.of("host.direct.test AAAA(28)"), system.asked);
  }

  @Test
  void aFailedForwardIsAnsweredServfail() throws Exception {
    chain.records = -1;
    DnsMessage answer = ask(new DnsService(null, routing), "www.example", DnsType.A);
    assertEquals(DnsRcode.SERVFAIL, answer.rcode());
    assertEquals(7, answer.id());
  }

  @Test
  void anAnswerTooBigForUdpIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
    chain.records = 60;
    DnsService service = new DnsService(null, routing);
    DnsMessage udp = ask(service, "many.example", DnsType.A, true);
    assertTrue(udp.truncated());
    assertEquals(List.of(), udp.answers());
    DnsMessage tcp = ask(service, "many.example", DnsType.A, false);
    assertEquals(60, tcp.answers().size());
  }
}
