package dev.socksify.chain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RulesTest {
  private static final Rule CORP = new Rule(List.of(DomainPattern.parse("*.corp.example")), List.of(), List.of(),
      Action.CHAIN, "office", "t.conf:1");
  private static final Rule DB = new Rule(List.of(DomainPattern.parse("*.internal")), List.of(),
      List.of(PortRange.parse("5432")), Action.CHAIN, "db", "t.conf:2");
  private static final Rule INTERNAL = new Rule(List.of(DomainPattern.parse("*.internal")), List.of(), List.of(),
      Action.DIRECT, null, "t.conf:3");
  private static final Rule TEN = new Rule(List.of(), List.of(Cidr.parse("10.0.0.0/8")), List.of(), Action.DIRECT,
      null, "t.conf:4");
  private static final Rule ULA = new Rule(List.of(), List.of(Cidr.parse("fd00::/8")), List.of(), Action.BLOCK,
      null, "t.conf:5");
  private static final Rule SSH = new Rule(List.of(), List.of(), List.of(PortRange.parse("22")), Action.CHAIN,
      "ssh", "t.conf:6");
  private static final Rule DEV = new Rule(List.of(), List.of(), List.of(PortRange.parse("8000-8999")),
      Action.DIRECT, null, "t.conf:7");
  private static final Rule EXACT = new Rule(List.of(DomainPattern.parse("example.com")), List.of(), List.of(),
      Action.DIRECT, null, "t.conf:8");
  private static final Rule MAIN = Rule.catchAll(Action.CHAIN, "main", "t.conf:9");
  private static final Rules RULES = new Rules(List.of(CORP, DB, INTERNAL, TEN, ULA, SSH, DEV, EXACT), MAIN);

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "a.corp.example, -, 443, t.conf:1",
      "A.B.CORP.EXAMPLE., -, 443, t.conf:1",
      "corp.example, -, 443, t.conf:9",
      "xcorp.example, -, 443, t.conf:9",
      "pg.internal, -, 5432, t.conf:2",
      "pg.internal, -, 5433, t.conf:3",
      "internal, -, 5432, t.conf:9",
      "example.com, -, 80, t.conf:8",
      "Example.COM., -, 80, t.conf:8",
      "www.example.com, -, 80, t.conf:9",
      "-, 10.1.2.3, 443, t.conf:4",
      "-, ::ffff:10.1.2.3, 443, t.conf:4",
      "-, 11.0.0.1, 443, t.conf:9",
      "-, fd12::1, 443, t.conf:5",
      "-, fe80::1, 443, t.conf:9",
      "-, 192.0.2.1, 22, t.conf:6",
      "-, 192.0.2.1, 8000, t.conf:7",
      "-, 192.0.2.1, 8999, t.conf:7",
      "-, 192.0.2.1, 9000, t.conf:9",
      "-, 192.0.2.1, 7999, t.conf:9",
      "-, -, 0, t.conf:9",
  })
  void firstMatchWins(String host, String address, int port, String origin) throws Exception {
    Decision d = RULES.decide(host, address == null ? null : ip(address), port);
    assertEquals(origin, d.rule().origin(), d.toString());
  }

  @Test
  void aNameAndAnAddressTogetherMatchWhicheverRuleComesFirst() throws Exception {
    // pg.internal resolves into 10/8; the domain rule is earlier, so it decides.
    assertEquals("chain db", RULES.decide("pg.internal", ip("10.0.0.5"), 5432).target());
    assertEquals("direct", RULES.decide("unknown.example", ip("10.0.0.5"), 443).target());
  }

  @Test
  void decisionsNameTheirRule() throws Exception {
    Decision blocked = RULES.decide(null, ip("fd00::1"), 80);
    assertTrue(blocked.isBlock());
    assertEquals("block by rule 'cidr fd00::/8 -> block' (t.conf:5)", blocked.toString());
    Decision db = RULES.decide("x.internal", null, 5432);
    assertEquals(Action.CHAIN, db.action());
    assertEquals("db", db.chain());
    assertEquals("'domain *.internal port 5432 -> chain db' (t.conf:2)", db.rule().toString());
    assertEquals("'default -> chain main' (t.conf:9)", RULES.decide(null, null, 1).rule().toString());
    assertEquals(null, RULES.decide(null, ip("10.0.0.1"), 1).chain());
  }

  @Test
  void decidingReturnsTheRulesOwnDecision() throws Exception {
    assertSame(RULES.decide("a.corp.example", null, 1), RULES.decide("b.corp.example", null, 2));
  }

  @Test
  void ipv4MappedIpv6AddressesMatchIpv4Networks() throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 10;
    mapped[15] = 7;
    // Inet6Address.getByAddress keeps the mapped form, unlike InetAddress.getByName.
    InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
    assertTrue(v6 instanceof Inet6Address);
    assertTrue(RULES.decide(null, v6, 443).isDirect());
    assertTrue(Cidr.parse("::ffff:10.0.0.0/104").contains(ip("10.2.3.4")));
    assertEquals("10.0.0.0/8", Cidr.parse("::ffff:10.0.0.0/104").toString());
  }

  @Test
  void cidrParsing() throws Exception {
    assertEquals("10.0.0.0/8", Cidr.parse("10.0.0.0/8").toString());
    assertEquals("fd00::/8", Cidr.parse("fd00::/8").toString());
    assertEquals("::1/128", Cidr.parse("::1").toString());
    assertEquals("192.0.2.7/32", Cidr.parse("192.0.2.7").toString());
    assertEquals("0.0.0.0/0", Cidr.parse("0.0.0.0/0").toString());
    assertEquals("::/0", Cidr.parse("::/0").toString());
    assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("255.255.255.255")));
    assertFalse(Cidr.parse("0.0.0.0/0").contains(ip("::1")));
    assertTrue(Cidr.parse("::/0").contains(ip("2001:db8::1")));
    assertTrue(Cidr.parse("2001:db8::/33").contains(ip("2001:db8:7fff::1")));
    assertFalse(Cidr.parse("2001:db8::/33").contains(ip("2001:db8:8000::1")));
    assertTrue(Cidr.parse("2001:db8::1:0/112").contains(ip("2001:db8::1:ffff")));
    assertFalse(Cidr.parse("2001:db8::1:0/112").contains(ip("2001:db8::2:0")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.1.0.0/8 | '10.1.0.0/8' has bits set past /8 (did you mean 10.0.0.0/8?)",
      "10.0.0.0/33 | prefix length /33 in '10.0.0.0/33' is over 32",
      "fd00::/129 | prefix length /129 in 'fd00::/129' is over 128",
      "10.0.0.0/x | prefix length 'x' in '10.0.0.0/x' is not a number",
      "example.com/8 | 'example.com/8' is not a CIDR like 10.0.0.0/8 or fd00::/8",
      "::ffff:10.0.0.0/64 | '::ffff:10.0.0.0/64' mixes IPv4-mapped and other IPv6 addresses; use /96 or more",
  })
  void cidrErrors(String text, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text)).getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0 | port 0 out of range 1-65535",
      "70000 | port 70000 out of range 1-65535",
      "9-1 | port range '9-1' is backwards",
      "ssh | port 'ssh' is not a number or a range like 8000-8999",
      "1- | port '1-' is not a number or a range like 8000-8999",
  })
  void portErrors(String text, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> PortRange.parse(text)).getMessage());
  }

  @Test
  void domainPatterns() {
    DomainPattern any = DomainPattern.parse("*");
    assertTrue(any.matches("x"));
    assertTrue(DomainPattern.parse("Example.COM.").matches("example.com"));
    assertFalse(DomainPattern.parse("*.example.com").matches("example.com"));
    assertFalse(DomainPattern.parse("*.example.com").matches(".example.com"));
    assertTrue(DomainPattern.parse("*.example.com").matches("a.example.com."));
    assertFalse(DomainPattern.parse("example.com").matches("example.co"));
    for (String bad : List.of("a.*.com", "*example.com", "ex ample.com", "", ".", "..com", "a..b")) {
      assertThrows(IllegalArgumentException.class, () -> DomainPattern.parse(bad), bad);
    }
  }

  @Test
  void decidingByNameAndPortAllocatesNothing() {
    // An allocation budget, not a timing: lower-casing the name or boxing per call would cost >= 24 bytes a call.
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    String[] hosts = {"a.corp.example", "pg.INTERNAL.", "example.com", "www.example.org"};
    int calls = 200_000;
    int chains = 0;
    for (int i = 0; i < calls; i++) {
      chains += RULES.decide(hosts[i & 3], null, 5432).isChain() ? 1 : 0;
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < calls; i++) {
      chains += RULES.decide(hosts[i & 3], null, 5432).isChain() ? 1 : 0;
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(2 * calls / 4 * 3, chains);
    assertTrue(allocated < calls, allocated + " bytes for " + calls + " decisions");
  }

  @Test
  void theDefaultRuleHasNoConditions() {
    assertThrows(IllegalArgumentException.class, () -> new Rules(List.of(), TEN));
  }
}
