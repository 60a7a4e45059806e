package dev.socksify.chain.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Responses to the captured dig queries, byte for byte. */
class DnsResponsesTest {
  private static final String QUESTION = "07 73657276696365 04 74657374 00 0001 0001";

  @Test
  void addressAnswer() throws Exception {
    DnsMessage query = DnsMessageReader.read(Hex.bytes(DnsMessageReaderTest.DIG_A));
    DnsMessage answer = DnsResponses.addresses(query, List.of(InetAddress.getByName("198.18.0.1")), 10);
    // QR RD RA (dig's AD bit is not echoed), one answer owned by a pointer to the question, TTL 10
    assertArrayEquals(Hex.bytes("247a 8180 0001 0001 0000 0000 " + QUESTION
        + " c00c 0001 0001 0000000a 0004 c6120001"), DnsMessageWriter.write(answer));
  }

  @Test
  void aaaaAnswer() throws Exception {
    DnsMessage query = DnsMessageReader.read(Hex.bytes(DnsMessageReaderTest.DIG_A));
    DnsMessage answer = DnsResponses.addresses(query, List.of(InetAddress.getByName("fd73:6f63:6b73::1")), 10);
    assertEquals("c00c 001c 0001 0000000a 0010 fd736f636b7300000000000000000001".replace(" ", ""),
        Hex.hex(DnsMessageWriter.write(answer)).substring(2 * (12 + 18)));
  }

  @Test
  void errorsWithoutRecords() throws Exception {
    DnsMessage query = DnsMessageReader.read(Hex.bytes(DnsMessageReaderTest.DIG_A));
    assertEquals("247a8183", head(DnsResponses.error(query, DnsRcode.NXDOMAIN)));
    assertEquals("247a8182", head(DnsResponses.error(query, DnsRcode.SERVFAIL)));
    assertEquals("247a8185", head(DnsResponses.error(query, DnsRcode.REFUSED)));
    assertArrayEquals(Hex.bytes("247a 8180 0001 0000 0000 0000 " + QUESTION),
        DnsMessageWriter.write(DnsResponses.error(query, DnsRcode.NOERROR)));
  }

  @Test
  void recursionAndCheckingDisabledAreEchoed() throws Exception {
    DnsMessage mx = DnsMessageReader.read(Hex.bytes(DnsMessageReaderTest.DIG_MX));
    assertEquals("137f8083", head(DnsResponses.error(mx, DnsRcode.NXDOMAIN)));
    DnsMessage cd = new DnsMessage(7, DnsMessage.RD | DnsMessage.CD, mx.questions(), List.of(), List.of(), List.of());
    assertEquals("00078193", head(DnsResponses.error(cd, DnsRcode.NXDOMAIN)));
  }

  @Test
  void ednsQueryGetsAMinimalOpt() throws Exception {
    DnsMessage query = DnsMessageReader.read(Hex.bytes(DnsMessageReaderTest.DIG_EDNS));
    byte[] answer = DnsMessageWriter.write(DnsResponses.addresses(query, List.of(InetAddress.getByName("198.18.0.1")),
        10));
    // question echoed with dig's letter case; the cookie is not echoed; our OPT says 1232, version 0, no DO
    assertArrayEquals(Hex.bytes("db40 8180 0001 0001 0000 0001 07 53657276696365 04 54657374 00 0001 0001"
        + " c00c 0001 0001 0000000a 0004 c6120001 00 0029 04d0 00000000 0000"), answer);
    // BADVERS (16) needs the OPT's extended bits: header says 0, OPT TTL's top byte says 1
    byte[] badvers = DnsMessageWriter.write(DnsResponses.error(query, DnsRcode.BADVERS));
    assertEquals("db408180", Hex.hex(badvers).substring(0, 8));
    String hex = Hex.hex(badvers);
    assertEquals("00 0029 04d0 01000000 0000".replace(" ", ""), hex.substring(hex.length() - 22));
    assertEquals(DnsRcode.BADVERS, DnsMessageReader.read(badvers).rcode());
  }

  @Test
  void formatErrorForAnUnreadableQuery() {
    assertArrayEquals(Hex.bytes("beef 8181 0000 0000 0000 0000"),
        DnsMessageWriter.write(DnsResponses.formatError(0xbeef, 0x0120)));
  }

  @Test
  void udpLimits() throws Exception {
    assertEquals(512, DnsResponses.udpLimit(DnsMessageReader.read(Hex.bytes(DnsMessageReaderTest.DIG_A))));
    assertEquals(1232, DnsResponses.udpLimit(DnsMessageReader.read(Hex.bytes(DnsMessageReaderTest.DIG_EDNS))));
    DnsName name = DnsName.of("x.test");
    assertEquals(1232, DnsResponses.udpLimit(DnsQueries.queryWithEdns(1, name, DnsType.A, 4096)));
    assertEquals(512, DnsResponses.udpLimit(DnsQueries.queryWithEdns(1, name, DnsType.A, 100)));
  }

  @Test
  void bigAnswersAreTruncatedForUdpKeepingTheOpt() throws Exception {
    DnsMessage query = DnsQueries.queryWithEdns(0x4242, DnsName.of("many.test"), DnsType.AAAA, 1232);
    List<InetAddress> addresses = new ArrayList<>();
    for (int k = 1; k <= 100; k++) {
      addresses.add(InetAddress.getByName("fd00::" + Integer.toHexString(k)));
    }
    byte[] big = DnsMessageWriter.write(DnsResponses.addresses(query, addresses, 60));
    assertTrue(big.length > 1232);
    byte[] cut = DnsResponses.fitUdp(big, DnsResponses.udpLimit(query));
    DnsMessage m = DnsMessageReader.read(cut);
    assertTrue(m.truncated());
    assertEquals(0x4242, m.id());
    assertEquals(query.questions(), m.questions());
    assertEquals(List.of(), m.answers());
    assertEquals(1232, m.edns().orElseThrow().udpPayloadSize());
    byte[] small = DnsMessageWriter.write(DnsResponses.addresses(query, addresses.subList(0, 3), 60));
    assertSame(small, DnsResponses.fitUdp(small, 512));
  }

  private static String head(DnsMessage m) {
    return Hex.hex(DnsMessageWriter.write(m)).substring(0, 8);
  }
}
