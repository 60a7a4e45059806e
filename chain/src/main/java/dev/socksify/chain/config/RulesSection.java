package dev.socksify.chain.config;

import dev.socksify.chain.rules.Action;
import dev.socksify.chain.rules.Cidr;
import dev.socksify.chain.rules.DomainPattern;
import dev.socksify.chain.rules.PortRange;
import dev.socksify.chain.rules.Rule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code [rules]}: one rule a line, {@code CONDITIONS -> ACTION}, first match wins. Conditions are
 * {@code domain P[,P...]}, {@code cidr C[,C...]} and {@code port N|N-M[,...]}, all of which must hold; or the
 * single word {@code default}, which must come last. Actions are {@code direct}, {@code block} and
 * {@code chain NAME}.
 */
final class RulesSection implements Section {
  private static final String SHAPE = "expected CONDITIONS -> ACTION, e.g. 'domain *.corp.example -> chain office'";

  private final ConfigAssembly assembly;

  RulesSection(ConfigAssembly assembly) {
    this.assembly = assembly;
  }

  @Override
  public void accept(Line raw) {
    Line line = raw.withoutComment();
    int arrow = line.words.indexOf("->");
    if (arrow < 0) {
      throw line.error(SHAPE);
    }
    List<String> conditions = line.words.subList(0, arrow);
    List<String> action = line.words.subList(arrow + 1, line.size());
    if (conditions.isEmpty()) {
      throw line.error("rule has no conditions before '->' (write 'default -> ...' for the fallback)");
    }
    Action act = action(action, line);
    String chain = act == Action.CHAIN ? action.get(1) : null;
    if (conditions.size() == 1 && conditions.get(0).equalsIgnoreCase("default")) {
      assembly.addDefaultRule(Rule.catchAll(act, chain, line.where()), chain, line);
      return;
    }
    assembly.addRule(rule(conditions, act, chain, line), chain, line);
  }

  private static Rule rule(List<String> words, Action action, String chain, Line line) {
    List<DomainPattern> domains = new ArrayList<>();
    List<Cidr> cidrs = new ArrayList<>();
    List<PortRange> ports = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int i = 0;
    while (i < words.size()) {
      String key = words.get(i).toLowerCase(Locale.ROOT);
      if (key.equals("default")) {
        throw line.error("'default' stands alone: 'default -> ACTION'");
      }
      if (!key.equals("domain") && !key.equals("cidr") && !key.equals("port")) {
        throw line.error("unknown condition '" + words.get(i) + "' (expected domain, cidr, port or default)");
      }
      if (!seen.add(key)) {
        throw line.error("condition '" + key + "' given twice; list values with commas: " + key + " A,B");
      }
      // The value runs to the next keyword, so 'domain a.example, b.example' reads as one list.
      StringBuilder value = new StringBuilder();
      i++;
      while (i < words.size() && !isKeyword(words.get(i))) {
        value.append(words.get(i));
        i++;
      }
      if (value.length() == 0) {
        throw line.error("condition '" + key + "' needs a value");
      }
      for (String item : value.toString().split(",", -1)) {
        if (item.isEmpty()) {
          throw line.error("condition '" + key + "' has an empty item in its list");
        }
        add(key, item, domains, cidrs, ports, line);
      }
    }
    return new Rule(domains, cidrs, ports, action, chain, line.where());
  }

  private static void add(String key, String item, List<DomainPattern> domains, List<Cidr> cidrs,
      List<PortRange> ports, Line line) {
    try {
      switch (key) {
        case "domain":
          domains.add(DomainPattern.parse(item));
          break;
        case "cidr":
          cidrs.add(Cidr.parse(item));
          break;
        default:
          ports.add(PortRange.parse(item));
          break;
      }
    } catch (IllegalArgumentException e) {
      throw line.error(e.getMessage());
    }
  }

  private static boolean isKeyword(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return w.equals("domain") || w.equals("cidr") || w.equals("port") || w.equals("default");
  }

  private static Action action(List<String> words, Line line) {
    if (words.isEmpty()) {
      throw line.error("rule has no action after '->' (expected direct, block or chain NAME)");
    }
    String word = words.get(0).toLowerCase(Locale.ROOT);
    if (word.equals("direct") || word.equals("block")) {
      if (words.size() > 1) {
        throw line.error("unexpected '" + words.get(1) + "' after '" + word + "'");
      }
      return word.equals("direct") ? Action.DIRECT : Action.BLOCK;
    }
    if (word.equals("chain")) {
      if (words.size() != 2) {
        throw line.error(words.size() < 2 ? "'chain' needs the chain's name" : "unexpected '" + words.get(2) + "' after the chain's name");
      }
      return Action.CHAIN;
    }
    throw line.error("unknown action '" + words.get(0) + "' (expected direct, block or chain NAME)");
  }
}
