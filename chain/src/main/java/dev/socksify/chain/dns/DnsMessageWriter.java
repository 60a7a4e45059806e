package dev.socksify.chain.dns;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Writes a {@link DnsMessage} to bytes. The only compression used is the common one: a record owned by the first
 * question's name points back to it (offset 12), which is all the answers built here need; other names are written
 * in full, which every reader accepts.
 */
public final class DnsMessageWriter {
  private static final int QUESTION_NAME_POINTER = 0xC000 | DnsMessageReader.HEADER;

  private DnsMessageWriter() {}

  /**
   * @throws IllegalArgumentException a section over 65535 entries or a message over 65535 bytes
   */
  public static byte[] write(DnsMessage m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    u16(out, m.id());
    u16(out, m.flags());
    u16(out, count(m.questions()));
    u16(out, count(m.answers()));
    u16(out, count(m.authorities()));
    u16(out, count(m.additionals()));
    DnsName first = m.questions().isEmpty() ? null : m.questions().get(0).name();
    for (DnsQuestion q : m.questions()) {
      q.name().writeTo(out);
      u16(out, q.type().code());
      u16(out, q.dnsClass());
    }
    for (List<DnsRecord> section : List.of(m.answers(), m.authorities(), m.additionals())) {
      for (DnsRecord r : section) {
        if (first != null && !first.isRoot() && r.name().equals(first)) {
          u16(out, QUESTION_NAME_POINTER);
        } else {
          r.name().writeTo(out);
        }
        u16(out, r.type().code());
        u16(out, r.dnsClass());
        u16(out, (int) (r.ttl() >>> 16));
        u16(out, (int) r.ttl() & 0xFFFF);
        u16(out, r.rdataLength());
        out.writeBytes(r.rdata());
      }
    }
    if (out.size() > DnsMessageReader.MAX_MESSAGE) {
      throw new IllegalArgumentException("DNS message of " + out.size() + " bytes exceeds 65535");
    }
    return out.toByteArray();
  }

  private static int count(List<?> section) {
    if (section.size() > 0xFFFF) {
      throw new IllegalArgumentException("DNS section of " + section.size() + " entries exceeds 65535");
    }
    return section.size();
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write((v >>> 8) & 0xFF);
    out.write(v & 0xFF);
  }
}
