package dev.socksify.chain.rules;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One routing rule: conditions on the destination's name, address and port, all of which must hold (within
 * one condition, any listed value may), and the decision it gives. A rule without conditions is the default.
 * {@link #toString()} is how errors and logs name it: {@code 'domain *.internal port 5432 -> chain db'
 * (socksify.conf:14)}.
 */
public final class Rule {
  private final List<DomainPattern> domains;
  private final List<Cidr> cidrs;
  private final List<PortRange> ports;
  private final DomainPattern[] domainArray;
  private final Cidr[] cidrArray;
  private final PortRange[] portArray;
  private final String origin;
  private final String text;
  private final Decision decision;

  /**
   * @param chain the chain's name for {@link Action#CHAIN}, else {@code null}
   * @param origin where the rule comes from: {@code FILE:LINE}, or {@code built-in: why}
   */
  public Rule(List<DomainPattern> domains, List<Cidr> cidrs, List<PortRange> ports, Action action, String chain,
      String origin) {
    this.domains = List.copyOf(domains);
    this.cidrs = List.copyOf(cidrs);
    this.ports = List.copyOf(ports);
    this.domainArray = this.domains.toArray(new DomainPattern[0]);
    this.cidrArray = this.cidrs.toArray(new Cidr[0]);
    this.portArray = this.ports.toArray(new PortRange[0]);
    this.origin = origin;
    this.decision = new Decision(action, chain, this);
    this.text = conditions() + " -> " + decision.target();
  }

  /** A rule matching everything. */
  public static Rule catchAll(Action action, String chain, String origin) {
    return new Rule(List.of(), List.of(), List.of(), action, chain, origin);
  }

  public List<DomainPattern> domains() {
    return domains;
  }

  public List<Cidr> cidrs() {
    return cidrs;
  }

  public List<PortRange> ports() {
    return ports;
  }

  public Decision decision() {
    return decision;
  }

  /** {@code FILE:LINE} or {@code built-in: why}. */
  public String origin() {
    return origin;
  }

  /** The rule as the config writes it: {@code domain *.internal port 5432 -> chain db}. */
  public String text() {
    return text;
  }

  /** Whether the rule has no conditions. */
  public boolean isCatchAll() {
    return domainArray.length == 0 && cidrArray.length == 0 && portArray.length == 0;
  }

  /**
   * @param family {@link Cidr#V4}, {@link Cidr#V6} or {@link Cidr#NONE} when the address is unknown
   */
  boolean matches(String host, int family, long hi, long lo, int port) {
    return matchesDomain(host) && matchesAddress(family, hi, lo) && matchesPort(port);
  }

  private boolean matchesDomain(String host) {
    if (domainArray.length == 0) {
      return true;
    }
    if (host == null) {
      return false;
    }
    for (DomainPattern d : domainArray) {
      if (d.matches(host)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesAddress(int family, long hi, long lo) {
    if (cidrArray.length == 0) {
      return true;
    }
    for (Cidr c : cidrArray) {
      if (c.matches(family, hi, lo)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesPort(int port) {
    if (portArray.length == 0) {
      return true;
    }
    for (PortRange p : portArray) {
      if (p.contains(port)) {
        return true;
      }
    }
    return false;
  }

  private String conditions() {
    if (isCatchAll()) {
      return "default";
    }
    StringBuilder out = new StringBuilder();
    append(out, "domain", domains);
    append(out, "cidr", cidrs);
    append(out, "port", ports);
    return out.toString();
  }

  private static void append(StringBuilder out, String key, List<?> values) {
    if (!values.isEmpty()) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(key).append(' ').append(values.stream().map(Object::toString).collect(Collectors.joining(",")));
    }
  }

  @Override
  public String toString() {
    return "'" + text + "' (" + origin + ")";
  }
}
