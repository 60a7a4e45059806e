package dev.socksify.chain.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FakeRangeTest {
  @Test
  void redirectorDefaultSkipsZeroAndBroadcastOctets() throws Exception {
    FakeRange r = FakeRange.parse("198.18.0.0/15");
    assertEquals(512L * 254, r.usable());
    assertEquals("198.18.0.1", r.addressAt(0).getHostAddress());
    assertEquals("198.18.0.254", r.addressAt(253).getHostAddress());
    assertEquals("198.18.1.1", r.addressAt(254).getHostAddress());
    assertEquals("198.19.255.254", r.addressAt(r.usable() - 1).getHostAddress());
    assertTrue(r.contains(InetAddress.getByName("198.19.255.255")));
    assertFalse(r.contains(InetAddress.getByName("198.20.0.1")));
    assertFalse(r.contains(InetAddress.getByName("::1")));
    for (String never : new String[] {"198.18.0.0", "198.18.0.255", "198.18.7.0", "198.19.255.255"}) {
      assertEquals(-1, r.indexOf(InetAddress.getByName(never)), never);
    }
    assertEquals(254, r.indexOf(InetAddress.getByName("198.18.1.1")));
    assertThrows(IndexOutOfBoundsException.class, () -> r.addressAt(r.usable()));
  }

  @Test
  void everyAddressOfASmallRangeRoundTripsAndNoneIsSpecial() {
    for (String cidr : new String[] {"10.9.0.0/22", "10.9.9.128/25", "10.9.9.252/30", "fd00::/120"}) {
      FakeRange r = FakeRange.parse(cidr);
      Set<InetAddress> seen = new HashSet<>();
      for (long k = 0; k < r.usable(); k++) {
        InetAddress a = r.addressAt(k);
        assertTrue(r.contains(a), cidr + " " + a);
        assertEquals(k, r.indexOf(a), cidr + " " + a);
        assertTrue(seen.add(a), "twice: " + a);
        byte[] raw = a.getAddress();
        int last = raw[raw.length - 1] & 0xFF;
        if (raw.length == 4) {
          assertTrue(last != 0 && last != 255, a.getHostAddress());
        } else {
          assertTrue(last != 0 && last < 128, "RFC 2526 anycast or subnet-router: " + a.getHostAddress());
        }
      }
      assertEquals(cidr, r.toString());
    }
    assertEquals(4 * 254, FakeRange.parse("10.9.0.0/22").usable());
    assertEquals(126, FakeRange.parse("10.9.9.128/25").usable());
    assertEquals(2, FakeRange.parse("10.9.9.252/30").usable());
    assertEquals(127, FakeRange.parse("fd00::/120").usable());
  }

  @Test
  void ipv6Slash64() throws Exception {
    FakeRange r = FakeRange.parse(FakeAddressPool.SUGGESTED_IPV6_RANGE);
    assertEquals(1L << 62, r.usable());
    assertEquals("fd73:6f63:6b73:0:0:0:0:1", r.addressAt(0).getHostAddress());
    assertEquals("fd73:6f63:6b73:0:0:0:1:0", r.addressAt(0xFFFF).getHostAddress());
    assertEquals(0xFFFF, r.indexOf(InetAddress.getByName("fd73:6f63:6b73::1:0")));
    assertEquals(-1, r.indexOf(InetAddress.getByName("fd73:6f63:6b73::")));
    // inside the /64 but past the 2^62 handed out: fake, never handed out
    InetAddress high = InetAddress.getByName("fd73:6f63:6b73:0:ffff::1");
    assertTrue(r.contains(high));
    assertEquals(-1, r.indexOf(high));
    assertFalse(r.contains(InetAddress.getByName("fd73:6f63:6b73:1::1")));
  }

  @Test
  void ipv6WiderThan64() throws Exception {
    FakeRange r = FakeRange.parse("fd00::/48");
    assertEquals(5, r.indexOf(r.addressAt(5)));
    InetAddress beyond = InetAddress.getByName("fd00:0:0:1::6");
    assertTrue(r.contains(beyond));
    assertEquals(-1, r.indexOf(beyond));
  }

  @Test
  void textIsRfc5952() throws Exception {
    assertEquals("fd73:6f63:6b73::1", FakeRange.text(InetAddress.getByName("fd73:6f63:6b73:0:0:0:0:1")));
    assertEquals("::", FakeRange.text(InetAddress.getByName("::")));
    assertEquals("1::", FakeRange.text(InetAddress.getByName("1::")));
    assertEquals("1:0:2::3", FakeRange.text(InetAddress.getByName("1:0:2:0:0:0:0:3")));
    assertEquals("1:2:3:4:5:6:0:8", FakeRange.text(InetAddress.getByName("1:2:3:4:5:6:0:8")));
    assertEquals("10.0.0.1", FakeRange.text(InetAddress.getByName("10.0.0.1")));
  }

  @Test
  void proxychainsRemoteDnsSubnet() {
    FakeRange r = FakeRange.proxychainsSubnet(224);
    assertEquals("224.0.0.0/8", r.toString());
    assertEquals(65536L * 254, r.usable());
    assertThrows(IllegalArgumentException.class, () -> FakeRange.proxychainsSubnet(0));
    assertThrows(IllegalArgumentException.class, () -> FakeRange.proxychainsSubnet(256));
  }

  @Test
  void badRangesSayWhat() {
    assertEquals("fake range '198.18.0.1/15': host bits set; did you mean 198.18.0.0/15?",
        assertThrows(IllegalArgumentException.class, () -> FakeRange.parse("198.18.0.1/15")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> FakeRange.parse("198.18.0.0"));
    assertThrows(IllegalArgumentException.class, () -> FakeRange.parse("example.com/8"));
    assertThrows(IllegalArgumentException.class, () -> FakeRange.parse("10.0.0.0/31"));
    assertThrows(IllegalArgumentException.class, () -> FakeRange.parse("10.0.0.0/x"));
    assertThrows(IllegalArgumentException.class, () -> FakeRange.parse("fd00::/121"));
    assertThrows(IllegalArgumentException.class, () -> FakeRange.parse("::/0"));
  }
}
