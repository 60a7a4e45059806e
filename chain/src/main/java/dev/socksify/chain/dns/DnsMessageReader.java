package dev.socksify.chain.dns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses one DNS message (RFC 1035 4.1) from bytes, rejecting anything malformed with a
 * {@link DnsProtocolException} that names the offset. Hostile input stays bounded: every loop consumes input or
 * follows a compression pointer that must point strictly before the previous one (so pointer chains end), names stop
 * at 255 octets, and section counts cannot make it read past the message.
 */
public final class DnsMessageReader {
  /** RFC 1035 4.1.1. */
  static final int HEADER = 12;

  /** A TCP length prefix is 16 bits; nothing bigger is a DNS message. */
  public static final int MAX_MESSAGE = 0xFFFF;

  private final byte[] msg;
  private final int end;
  private int pos;
  private int id = -1;

  private DnsMessageReader(byte[] msg) {
    this.msg = msg;
    this.end = msg.length;
  }

  /** Parses a whole message; trailing bytes after the last record are an error (they mean a framing bug). */
  public static DnsMessage read(byte[] message) throws DnsProtocolException {
    return new DnsMessageReader(message).read();
  }

  /** Parses {@code length} bytes from {@code offset}. */
  public static DnsMessage read(byte[] buffer, int offset, int length) throws DnsProtocolException {
    return read(Arrays.copyOfRange(buffer, offset, offset + length));
  }

  private DnsMessage read() throws DnsProtocolException {
    if (end > MAX_MESSAGE) {
      throw fail("message of " + end + " bytes exceeds 65535");
    }
    if (end >= 2) {
      id = u16(0);
    }
    if (end < HEADER) {
      throw fail("truncated header: " + end + " of 12 bytes");
    }
    int flags = u16(2);
    int qd = u16(4);
    int an = u16(6);
    int ns = u16(8);
    int ar = u16(10);
    pos = HEADER;
    List<DnsQuestion> questions = new ArrayList<>(Math.min(qd, 4));
    for (int k = 0; k < qd; k++) {
      DnsName name = readName();
      need(4, "question " + name);
      questions.add(new DnsQuestion(name, DnsType.valueOf(u16(pos)), u16(pos + 2)));
      pos += 4;
    }
    List<DnsRecord> answers = readRecords(an, "answer");
    List<DnsRecord> authorities = readRecords(ns, "authority");
    List<DnsRecord> additionals = readRecords(ar, "additional");
    if (pos != end) {
      throw fail((end - pos) + " bytes after the last record at offset " + pos);
    }
    checkOpt(answers, authorities, additionals);
    return new DnsMessage(id, flags, questions, answers, authorities, additionals);
  }

  private List<DnsRecord> readRecords(int count, String section) throws DnsProtocolException {
    List<DnsRecord> records = new ArrayList<>(Math.min(count, 8));
    for (int k = 0; k < count; k++) {
      int at = pos;
      DnsName name = readName();
      need(10, section + " record " + name);
      DnsType type = DnsType.valueOf(u16(pos));
      int dnsClass = u16(pos + 2);
      long ttl = ((long) u16(pos + 4) << 16) | u16(pos + 6);
      int rdlength = u16(pos + 8);
      pos += 10;
      need(rdlength, section + " record " + name + " at offset " + at + " (rdata of " + rdlength + " bytes)");
      byte[] rdata = Arrays.copyOfRange(msg, pos, pos + rdlength);
      pos += rdlength;
      records.add(new DnsRecord(name, type, dnsClass, ttl, rdata));
    }
    return records;
  }

  /** RFC 6891 6.1.1: one OPT at most, only in the additional section, owned by the root. */
  private void checkOpt(List<DnsRecord> an, List<DnsRecord> ns, List<DnsRecord> ar) throws DnsProtocolException {
    if (an.stream().anyMatch(r -> r.type().equals(DnsType.OPT))
        || ns.stream().anyMatch(r -> r.type().equals(DnsType.OPT))) {
      throw fail("OPT record outside the additional section");
    }
    List<DnsRecord> opts = ar.stream().filter(r -> r.type().equals(DnsType.OPT)).toList();
    if (opts.size() > 1) {
      throw fail(opts.size() + " OPT records (at most one allowed)");
    }
    if (opts.size() == 1 && !opts.get(0).name().isRoot()) {
      throw fail("OPT record owned by '" + opts.get(0).name() + "' instead of the root");
    }
  }

  /**
   * Reads a possibly compressed name at {@link #pos} and moves past it. A pointer must point before the start of
   * this name and before every earlier pointer target of it: targets strictly decrease, so no loop is possible.
   */
  private DnsName readName() throws DnsProtocolException {
    byte[] out = new byte[DnsName.MAX_WIRE];
    int n = 0;
    int start = pos;
    int p = pos;
    int limit = pos;
    boolean jumped = false;
    while (true) {
      if (p >= end) {
        throw fail("name at offset " + start + " runs past the end of the message");
      }
      int len = msg[p] & 0xFF;
      int kind = len & 0xC0;
      if (kind == 0xC0) {
        if (p + 1 >= end) {
          throw fail("compression pointer at offset " + p + " is cut off");
        }
        int target = ((len & 0x3F) << 8) | (msg[p + 1] & 0xFF);
        if (target >= limit) {
          throw fail("compression pointer at offset " + p + " to " + target + " does not point backwards (loop)");
        }
        if (target < HEADER) {
          throw fail("compression pointer at offset " + p + " points into the header");
        }
        if (!jumped) {
          pos = p + 2;
          jumped = true;
        }
        limit = target;
        p = target;
      } else if (kind != 0) {
        throw fail("label type 0x" + Integer.toHexString(kind) + " at offset " + p + " is not supported");
      } else if (len == 0) {
        out[n++] = 0;
        if (!jumped) {
          pos = p + 1;
        }
        return DnsName.ofValidatedWire(Arrays.copyOf(out, n));
      } else {
        if (n + 1 + len + 1 > DnsName.MAX_WIRE) {
          throw fail("name at offset " + start + " exceeds 255 octets");
        }
        if (p + 1 + len > end) {
          throw fail("label at offset " + p + " runs past the end of the message");
        }
        out[n++] = (byte) len;
        System.arraycopy(msg, p + 1, out, n, len);
        n += len;
        p += 1 + len;
      }
    }
  }

  private void need(int bytes, String what) throws DnsProtocolException {
    if (pos + bytes > end) {
      throw fail(what + " is cut off at offset " + pos);
    }
  }

  private int u16(int at) {
    return ((msg[at] & 0xFF) << 8) | (msg[at + 1] & 0xFF);
  }

  private DnsProtocolException fail(String what) {
    return new DnsProtocolException(id, "malformed DNS message: " + what);
  }
}
