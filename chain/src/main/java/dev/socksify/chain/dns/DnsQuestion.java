package dev.socksify.chain.dns;

/** One entry of the question section (RFC 1035 4.1.2). {@code dnsClass} is 1 (IN) for everything but oddities. */
public record DnsQuestion(DnsName name, DnsType type, int dnsClass) {
  public static final int CLASS_IN = 1;

  public DnsQuestion {
    if (name == null || type == null || dnsClass < 0 || dnsClass > 0xFFFF) {
      throw new IllegalArgumentException("bad question " + name + " " + type + " class " + dnsClass);
    }
  }

  public static DnsQuestion in(DnsName name, DnsType type) {
    return new DnsQuestion(name, type, CLASS_IN);
  }

  /** {@code service.test A(1)}, with {@code class N} appended when not IN. */
  @Override
  public String toString() {
    return name + " " + type + (dnsClass == CLASS_IN ? "" : " class " + dnsClass);
  }
}
