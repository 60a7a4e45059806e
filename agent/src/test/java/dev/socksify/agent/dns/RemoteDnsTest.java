package dev.socksify.agent.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.agent.connect.OwnThreads;
import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.chain.dns.FakeRange;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteDnsTest {
  @TempDir Path dir;

  private FakeAddressPool pool;
  private RemoteDns dns;

  @BeforeEach
  void dns() throws IOException {
    Path hosts = Files.writeString(dir.resolve("hosts"), "10.0.0.5 db.internal\n");
    SocksifyConfig config = SocksifyConfig.parse("[ProxyList]\nsocks5h proxy.example 1080\n[rules]\n"
        + "domain direct.test -> direct\ndomain blocked.test -> block\n", "test.conf");
    pool = FakeAddressPool.of(FakeRange.parse("198.18.0.0/24"), null, 4);
    dns = new RemoteDns(new LocalNames(hosts, "build-host", List.of("proxy.example")),
        new LookupPolicy(config.rules()), new FakeAnswers(pool), pool,
        new DnsLog(true, new PrintStream(OutputStream.nullOutputStream())));
  }

  @Test
  void aNameForTheChainGetsAFakeAddressCarryingTheNameAsAsked() {
    InetAddress[] answer = (InetAddress[]) dns.lookup("Service.Test.");
    assertEquals(1, answer.length);
    assertEquals("Service.Test.", answer[0].getHostName());
    assertTrue(pool.isFake(answer[0]));
    assertEquals("service.test", pool.nameOf(answer[0]).orElseThrow());
    assertArrayEquals(answer[0].getAddress(), ((InetAddress[]) dns.lookup("service.test"))[0].getAddress(),
        "one address per name");
  }

  @Test
  void blockedNamesGetAFakeAddressToo() {
    // the connect fails naming the rule; the name never reaches a resolver
    assertInstanceOf(InetAddress[].class, dns.lookup("blocked.test"));
  }

  @Test
  void localAndDirectNamesAreLeftToTheJdk() {
    for (String host : List.of("localhost", "build-host", "proxy.example", "db.internal", "direct.test")) {
      assertNull(dns.lookup(host), host);
    }
    assertEquals(0, pool.size());
  }

  @Test
  void literalsAreLeftToTheJdkAndNonNamesFail() {
    assertNull(dns.lookup("10.1.2.3"));
    UnknownHostException failure = assertInstanceOf(UnknownHostException.class, dns.lookup("two words"));
    assertTrue(failure.getMessage().contains("not a host name"), failure.getMessage());
  }

  @Test
  void theAgentsOwnLookupsPassUntouched() throws Exception {
    assertNull(OwnThreads.call(() -> dns.lookup("service.test")));
    assertEquals(0, pool.size());
  }

  @Test
  void reverseLookupsOfFakeAddressesAnswerTheName() throws UnknownHostException {
    InetAddress fake = ((InetAddress[]) dns.lookup("service.test"))[0];
    assertEquals("service.test", dns.reverseLookup(InetAddress.getByAddress(fake.getAddress())));
    InetAddress unused = InetAddress.getByAddress(new byte[] {(byte) 198, 18, 0, (byte) 200});
    assertEquals("198.18.0.200", dns.reverseLookup(unused), "no name, and no resolver asked either");
    assertNull(dns.reverseLookup(InetAddress.getByAddress(new byte[] {10, 0, 0, 5})), "real addresses: the JDK's");
  }
}
