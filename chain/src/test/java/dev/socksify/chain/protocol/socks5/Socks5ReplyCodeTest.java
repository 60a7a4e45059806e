package dev.socksify.chain.protocol.socks5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class Socks5ReplyCodeTest {
  @Test
  void assignedCodesAreConstantsWithNameAndCode() {
    assertSame(Socks5ReplyCode.CONNECTION_REFUSED, Socks5ReplyCode.valueOf(0x05));
    assertEquals("CONNECTION_REFUSED(0x05)", Socks5ReplyCode.CONNECTION_REFUSED.toString());
    assertEquals("SUCCEEDED(0x00)", Socks5ReplyCode.valueOf(0).toString());
    assertEquals("ADDRESS_TYPE_NOT_SUPPORTED(0x08)", Socks5ReplyCode.valueOf(8).toString());
  }

  @Test
  void unassignedCodesAreKept() {
    Socks5ReplyCode code = Socks5ReplyCode.valueOf((byte) 0xfe);
    assertEquals(0xfe, code.code());
    assertEquals("UNASSIGNED(0xfe)", code.toString());
    assertEquals(Socks5ReplyCode.valueOf(0xfe), code);
    assertNotEquals(Socks5ReplyCode.valueOf(0x09), code);
  }
}
