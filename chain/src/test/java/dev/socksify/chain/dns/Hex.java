package dev.socksify.chain.dns;

import java.util.HexFormat;

/** Test vectors are written as hex, as tcpdump and Wireshark show them. */
final class Hex {
  private Hex() {}

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
