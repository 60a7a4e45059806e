package dev.socksify.agent.dns;

import dev.socksify.chain.rules.DomainPattern;
import dev.socksify.chain.rules.Rule;
import dev.socksify.chain.rules.Rules;

/**
 * Decides at lookup time, with the name alone, whether the rules send a name direct: only then is it resolved here.
 * The port is not known yet and the address is what is being asked for, so the rules are read as they will apply to
 * the connection: rules with a {@code cidr} condition never match a name the chain resolves (its address is a fake
 * one) and are passed over; a rule for the name with a {@code port} condition decides only some connections, so a
 * name is direct here only if every such rule before the deciding one is {@code direct} too.
 *
 * <p>Everything else gets an answer that keeps the name for the chain; a connection to it is decided again with the
 * name and its port, and one that a port rule sends direct is resolved here at connect time.
 */
final class LookupPolicy {
  private final Rules rules;

  LookupPolicy(Rules rules) {
    this.rules = rules;
  }

  /** The rule that sends {@code name} direct on every port, or {@code null} if some connection to it may not go direct. */
  Rule directEverywhere(String name) {
    for (Rule rule : rules.list()) {
      if (!rule.cidrs().isEmpty() || !matchesDomain(rule, name)) {
        continue;
      }
      if (!rule.decision().isDirect()) {
        return null;
      }
      if (rule.ports().isEmpty()) {
        return rule;
      }
    }
    return rules.fallback().decision().isDirect() ? rules.fallback() : null;
  }

  private static boolean matchesDomain(Rule rule, String name) {
    if (rule.domains().isEmpty()) {
      return true;
    }
    for (DomainPattern pattern : rule.domains()) {
      if (pattern.matches(name)) {
        return true;
      }
    }
    return false;
  }
}
