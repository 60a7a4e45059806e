package dev.socksify.chain.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DnsNameTest {
  @Test
  void wireFormOfAPlainName() {
    assertArrayEquals(Hex.bytes("07 73657276696365 04 74657374 00"), DnsName.of("service.test.").wire());
    assertArrayEquals(new byte[] {0}, DnsName.of(".").wire());
    assertTrue(DnsName.of(".").isRoot());
  }

  @Test
  void equalityIgnoresAsciiCaseButPresentationKeepsIt() {
    DnsName mixed = DnsName.of("Service.TEST");
    assertEquals(DnsName.of("service.test"), mixed);
    assertEquals(DnsName.of("service.test").hashCode(), mixed.hashCode());
    assertEquals("Service.TEST", mixed.toString());
    assertEquals(Optional.of("service.test"), mixed.hostname());
    assertNotEquals(DnsName.of("service.tes"), mixed);
  }

  @Test
  void escapesRoundTripAndAreNoHostNames() {
    DnsName odd = DnsName.of("a\\.b.c\\032d");
    assertArrayEquals(Hex.bytes("03 612e62 03 632064 00"), odd.wire());
    assertEquals("a\\.b.c\\032d", odd.toString());
    assertEquals(Optional.empty(), odd.hostname());
    assertEquals(Optional.of("_sip._tcp.example"), DnsName.of("_sip._tcp.example").hostname());
    assertEquals(Optional.empty(), DnsName.ROOT.hostname());
  }

  @Test
  void limitsOfRfc1035() {
    String label63 = "a".repeat(63);
    assertEquals(1 + 63 + 1 + 1 + 1, DnsName.of(label63 + ".b").wire().length);
    assertThrows(IllegalArgumentException.class, () -> DnsName.of("a".repeat(64) + ".b"));
    // 4 labels of 63 = 256 octets on the wire with the root: one too many
    String tooLong = String.join(".", label63, label63, label63, label63);
    assertThrows(IllegalArgumentException.class, () -> DnsName.of(tooLong));
    String longest = String.join(".", label63, label63, label63, "a".repeat(61));
    assertEquals(255, DnsName.of(longest).wire().length);
    for (String bad : new String[] {"", "a..b", ".a", "a\\", "a\\25", "a\\256", "caf\u00e9.test"}) {
      assertThrows(IllegalArgumentException.class, () -> DnsName.of(bad), bad);
    }
  }
}
