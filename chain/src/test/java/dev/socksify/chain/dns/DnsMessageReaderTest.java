package dev.socksify.chain.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Parsing real queries and answers byte for byte, and hostile ones failing cleanly and quickly. */
class DnsMessageReaderTest {
  /** {@code dig +noedns service.test A} (BIND 9.18.49): RD and AD set, as dig does. */
  static final String DIG_A = "247a 0120 0001 0000 0000 0000 07 73657276696365 04 74657374 00 0001 0001";

  /** {@code dig Service.Test A} with dig's default EDNS: payload 1232, a COOKIE option (code 10, 8 bytes). */
  static final String DIG_EDNS = "db40 0120 0001 0000 0000 0001 07 53657276696365 04 54657374 00 0001 0001"
      + " 00 0029 04d0 00000000 000c 000a 0008 2a65b271430cc801";

  /** {@code dig +noedns +norecurse mail.example.org MX}. */
  static final String DIG_MX = "137f 0020 0001 0000 0000 0000 04 6d61696c 07 6578616d706c65 03 6f7267 00 000f 0001";

  /** dnsmasq 2.90's answer to {@link #DIG_A} with {@code --address=/service.test/10.201.0.7}: AA, pointer c00c. */
  static final String DNSMASQ_A = "247a 8580 0001 0001 0000 0000 07 73657276696365 04 74657374 00 0001 0001"
      + " c00c 0001 0001 00000000 0004 0ac90007";

  @Test
  void digQuery() throws Exception {
    DnsMessage m = DnsMessageReader.read(Hex.bytes(DIG_A));
    assertEquals(0x247a, m.id());
    assertFalse(m.isResponse());
    assertEquals(0, m.opcode());
    assertTrue(m.recursionDesired());
    assertEquals(Optional.of(DnsQuestion.in(DnsName.of("service.test"), DnsType.A)), m.question());
    assertEquals(Optional.empty(), m.edns());
    assertEquals(512, m.udpPayloadLimit());
    assertEquals("#9338 query service.test A(1)", m.toString());
  }

  @Test
  void digQueryWithEdnsCookie() throws Exception {
    DnsMessage m = DnsMessageReader.read(Hex.bytes(DIG_EDNS));
    assertEquals("Service.Test", m.question().orElseThrow().name().toString());
    Edns edns = m.edns().orElseThrow();
    assertEquals(new Edns(1232, 0, false, 0), edns);
    assertEquals(1232, m.udpPayloadLimit());
    assertEquals(12, m.additionals().get(0).rdata().length);
  }

  @Test
  void digMxWithoutRecursion() throws Exception {
    DnsMessage m = DnsMessageReader.read(Hex.bytes(DIG_MX));
    assertFalse(m.recursionDesired());
    assertEquals(DnsType.MX, m.question().orElseThrow().type());
    assertEquals("MX(15)", DnsType.MX.toString());
    assertEquals("TYPE99(99)", DnsType.valueOf(99).toString());
  }

  @Test
  void dnsmasqAnswerWithCompressionPointer() throws Exception {
    DnsMessage m = DnsMessageReader.read(Hex.bytes(DNSMASQ_A));
    assertTrue(m.isResponse());
    assertEquals(DnsRcode.NOERROR, m.rcode());
    DnsRecord a = m.answers().get(0);
    assertEquals(DnsName.of("service.test"), a.name());
    assertEquals(0, a.ttl());
    assertEquals(List.of(InetAddress.getByName("10.201.0.7")), m.answerAddresses());
  }

  @Test
  void writerReproducesTheCapturedBytes() throws Exception {
    for (String vector : List.of(DIG_A, DIG_EDNS, DIG_MX, DNSMASQ_A)) {
      byte[] raw = Hex.bytes(vector);
      assertArrayEquals(raw, DnsMessageWriter.write(DnsMessageReader.read(raw)), vector);
    }
  }

  @Test
  void everyTruncationFailsWithAnOffset() {
    byte[] full = Hex.bytes(DNSMASQ_A);
    for (int len = 0; len < full.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(full, len);
      DnsProtocolException e = assertThrows(DnsProtocolException.class, () -> DnsMessageReader.read(cut), "len " + len);
      assertTrue(e.getMessage().startsWith("malformed DNS message: "), e.getMessage());
      assertEquals(len >= 2 ? OptionalInt.of(0x247a) : OptionalInt.empty(), e.queryId());
    }
  }

  @Test
  void compressionLoopsAreRejected() {
    // the question name is a pointer to itself (offset 12)
    assertMalformed("0001 0000 0001 0000 0000 0000 c00c 0001 0001", "does not point backwards");
    // the answer name "b" + pointer to its own start: behind the pointer, so a naive check passes and loops
    assertMalformed("0001 8000 0001 0001 0000 0000 01 61 00 0001 0001 01 62 c013 0001 0001 00000000 0000",
        "does not point backwards");
    // a forward pointer
    assertMalformed("0001 0000 0001 0000 0000 0000 c010 0001 0001 00", "does not point backwards");
    // into the header
    assertMalformed("0001 8000 0001 0001 0000 0000 00 0001 0001 c002 0001 0001 00000000 0000", "into the header");
    // pointer cut off at the end
    assertMalformed("0001 0000 0001 0000 0000 0000 c0", "cut off");
  }

  @Test
  void pointerChainsStrictlyBackwardsAreFine() throws Exception {
    // q1: a.test ; q2: b + ptr to "test" inside q1 (offset 14); q3: c + ptr to q2 (offset 24)
    String msg = "0001 0000 0003 0000 0000 0000 01 61 04 74657374 00 0001 0001 01 62 c00e 0001 0001"
        + " 01 63 c018 0001 0001";
    DnsMessage m = DnsMessageReader.read(Hex.bytes(msg));
    assertEquals(List.of("a.test", "b.test", "c.b.test"),
        m.questions().stream().map(q -> q.name().toString()).toList());
  }

  @Test
  void oversizedLabelsAndNamesAreRejected() {
    // a length byte of 64 has the 0x40 bit: the extended label type RFC 6891 retired
    assertMalformed("0001 0000 0001 0000 0000 0000 40" + "61".repeat(64) + "00 0001 0001", "label type 0x40");
    assertMalformed("0001 0000 0001 0000 0000 0000 80 0001 0001", "label type 0x80");
    // 5 labels of 63: 320 octets
    String label = "3f" + "61".repeat(63);
    assertMalformed("0001 0000 0001 0000 0000 0000 " + label.repeat(5) + "00 0001 0001", "exceeds 255");
    // the same limit through pointers: each question adds one 63-octet label before pointing at the previous one
    StringBuilder sb = new StringBuilder("0001 0000 0005 0000 0000 0000 ").append(label).append("00 0001 0001");
    int previous = 12;
    for (int k = 1; k < 5; k++) {
      sb.append(label).append(String.format("%04x", 0xC000 | previous)).append(" 0001 0001 ");
      // the first question is 64 + 1 + 4 = 69 bytes, each later one 64 + 2 + 4 = 70
      previous = 12 + 69 + (k - 1) * 70;
    }
    assertMalformed(sb.toString(), "exceeds 255");
  }

  @Test
  void countsBeyondTheMessageAndTrailingBytes() {
    assertMalformed("0001 0000 ffff 0000 0000 0000 00 0001 0001", "runs past the end");
    assertMalformed("0001 8000 0000 ffff 0000 0000", "runs past the end");
    assertMalformed(DIG_A + " 00", "1 bytes after the last record");
    assertMalformed("0001 8000 0000 0001 0000 0000 00 0001 0001 00000000 0010 0a", "rdata of 16 bytes");
  }

  @Test
  void optRules() {
    String opt = "00 0029 04d0 00000000 0000";
    assertMalformed("0001 0000 0000 0000 0000 0002 " + opt + opt, "2 OPT records");
    assertMalformed("0001 8000 0000 0001 0000 0000 " + opt, "outside the additional section");
    assertMalformed("0001 0000 0000 0000 0000 0001 01 61 00 0029 04d0 00000000 0000", "instead of the root");
  }

  @Test
  void oversizedMessage() {
    assertMalformed("0001 0000 0000 0000 0000 0000" + "00".repeat(65536), "exceeds 65535");
  }

  /** Random corruption of real messages: only DnsProtocolException or a message, never anything else. */
  @Test
  void mutatedMessagesFailCleanly() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    List<byte[]> vectors = List.of(Hex.bytes(DIG_A), Hex.bytes(DIG_EDNS), Hex.bytes(DNSMASQ_A), Hex.bytes(DIG_MX));
    for (int round = 0; round < 20_000; round++) {
      byte[] m = vectors.get(random.nextInt(vectors.size())).clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        m[random.nextInt(m.length)] = (byte) random.nextInt(256);
      }
      try {
        DnsMessageReader.read(m);
      } catch (DnsProtocolException expected) {
        // fine: rejected with a message
      } catch (RuntimeException e) {
        fail("seed " + seed + ", input " + Hex.hex(m), e);
      }
    }
  }

  private static void assertMalformed(String hex, String expected) {
    DnsProtocolException e = assertThrows(DnsProtocolException.class, () -> DnsMessageReader.read(Hex.bytes(hex)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
