package dev.socksify.chain.dns;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * A domain name as its uncompressed wire labels (RFC 1035 3.1), kept byte for byte so a question is echoed exactly as
 * asked (some resolvers randomise letter case and check it, draft-vixie-dnsext-dns0x20). Equality ignores ASCII case,
 * as DNS does (RFC 4343).
 */
public final class DnsName {
  /** RFC 1035 2.3.4: 63 octets per label, 255 octets per name on the wire (length bytes and root included). */
  public static final int MAX_LABEL = 63;

  public static final int MAX_WIRE = 255;

  public static final DnsName ROOT = new DnsName(new byte[] {0});

  private final byte[] wire;

  private DnsName(byte[] wire) {
    this.wire = wire;
  }

  /** Wraps wire bytes the reader already validated (labels ≤ 63, total ≤ 255, ends with the root label). */
  static DnsName ofValidatedWire(byte[] wire) {
    return new DnsName(wire);
  }

  /**
   * Parses presentation format: dot-separated labels, an optional trailing dot, {@code \.} and {@code \DDD} escapes
   * for bytes that are not letters, digits, hyphen or underscore.
   *
   * @throws IllegalArgumentException empty label, label over 63 octets, name over 255, bad escape
   */
  public static DnsName of(String text) {
    if (text.equals(".")) {
      return ROOT;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 2);
    byte[] label = new byte[MAX_LABEL + 1];
    int len = 0;
    int i = 0;
    while (i <= text.length()) {
      if (i == text.length() || text.charAt(i) == '.') {
        if (len == 0 && !(i == text.length() && i > 0)) {
          throw new IllegalArgumentException("empty label in DNS name '" + text + "'");
        }
        if (len > 0) {
          out.write(len);
          out.write(label, 0, len);
        }
        len = 0;
        i++;
        continue;
      }
      int b;
      char c = text.charAt(i);
      if (c == '\\') {
        if (i + 1 >= text.length()) {
          throw new IllegalArgumentException("dangling escape in DNS name '" + text + "'");
        }
        if (Character.isDigit(text.charAt(i + 1))) {
          if (i + 3 >= text.length()) {
            throw new IllegalArgumentException("short \\DDD escape in DNS name '" + text + "'");
          }
          b = parseDecimalEscape(text, i + 1);
          i += 4;
        } else {
          b = ascii(text, text.charAt(i + 1));
          i += 2;
        }
      } else {
        b = ascii(text, c);
        i++;
      }
      if (len == MAX_LABEL) {
        throw new IllegalArgumentException("label over 63 octets in DNS name '" + text + "'");
      }
      label[len++] = (byte) b;
    }
    out.write(0);
    if (out.size() > MAX_WIRE) {
      throw new IllegalArgumentException("DNS name over 255 octets: '" + text + "'");
    }
    return new DnsName(out.toByteArray());
  }

  private static int ascii(String text, char c) {
    if (c > 0x7F) {
      throw new IllegalArgumentException("non-ASCII character in DNS name '" + text + "' (use its A-label)");
    }
    return c;
  }

  private static int parseDecimalEscape(String text, int from) {
    int v = 0;
    for (int k = from; k < from + 3; k++) {
      char d = text.charAt(k);
      if (d < '0' || d > '9') {
        throw new IllegalArgumentException("bad \\DDD escape in DNS name '" + text + "'");
      }
      v = v * 10 + (d - '0');
    }
    if (v > 255) {
      throw new IllegalArgumentException("\\DDD escape over 255 in DNS name '" + text + "'");
    }
    return v;
  }

  /** The uncompressed wire form, ending with the root label. */
  public byte[] wire() {
    return wire.clone();
  }

  int wireLength() {
    return wire.length;
  }

  void writeTo(ByteArrayOutputStream out) {
    out.write(wire, 0, wire.length);
  }

  public boolean isRoot() {
    return wire.length == 1;
  }

  /**
   * The name as a host name a proxy can be given: lower case, no trailing dot; empty unless every label consists of
   * letters, digits, hyphens and underscores (underscores appear in real names, e.g. SRV owners, and proxies pass
   * them). Names with other bytes are legal DNS but no host name, so they are never given a fake address.
   */
  public Optional<String> hostname() {
    if (isRoot()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder(wire.length);
    int p = 0;
    while (wire[p] != 0) {
      int len = wire[p++];
      if (sb.length() > 0) {
        sb.append('.');
      }
      for (int k = 0; k < len; k++) {
        int b = wire[p++] & 0xFF;
        if (!isHostChar(b)) {
          return Optional.empty();
        }
        sb.append((char) lower(b));
      }
    }
    return Optional.of(sb.toString());
  }

  private static boolean isHostChar(int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '_';
  }

  private static int lower(int b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }

  /** Presentation format as asked (case kept), without the trailing dot; {@code .} for the root. */
  @Override
  public String toString() {
    if (isRoot()) {
      return ".";
    }
    StringBuilder sb = new StringBuilder(wire.length + 8);
    int p = 0;
    while (wire[p] != 0) {
      int len = wire[p++];
      if (sb.length() > 0) {
        sb.append('.');
      }
      for (int k = 0; k < len; k++) {
        int b = wire[p++] & 0xFF;
        if (b == '.' || b == '\\') {
          sb.append('\\').append((char) b);
        } else if (b > 0x20 && b < 0x7F) {
          sb.append((char) b);
        } else {
          sb.append('\\').append(String.format("%03d", b));
        }
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DnsName other) || other.wire.length != wire.length) {
      return false;
    }
    for (int k = 0; k < wire.length; k++) {
      if (lower(wire[k] & 0xFF) != lower(other.wire[k] & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    byte[] folded = wire.clone();
    for (int k = 0; k < folded.length; k++) {
      folded[k] = (byte) lower(folded[k] & 0xFF);
    }
    return Arrays.hashCode(folded);
  }
}
