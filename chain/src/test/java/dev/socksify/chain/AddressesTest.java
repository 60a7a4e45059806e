package dev.socksify.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressesTest {
  private static final byte[] MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};

  @Test
  void anIpv4MappedAddressIsTheIpv4AddressItCarries() throws Exception {
    // with a scope the JDK keeps the mapped form as an Inet6Address, which a dual-stack socket reports
    InetAddress mapped = Inet6Address.getByAddress(null, MAPPED, 0);
    assertTrue(Addresses.isIpv4Mapped(mapped.getAddress()));
    assertEquals(InetAddress.getByName("10.1.2.3"), Addresses.unmapped(mapped));
  }

  @Test
  void otherAddressesStayAsTheyAre() throws Exception {
    byte[] notMapped = MAPPED.clone();
    notMapped[9] = 1;
    InetAddress v6 = InetAddress.getByAddress(notMapped);
    InetAddress v4 = InetAddress.getByName("10.1.2.3");
    assertFalse(Addresses.isIpv4Mapped(notMapped));
    assertFalse(Addresses.isIpv4Mapped(v4.getAddress()));
    assertSame(v6, Addresses.unmapped(v6));
    assertSame(v4, Addresses.unmapped(v4));
  }
}
