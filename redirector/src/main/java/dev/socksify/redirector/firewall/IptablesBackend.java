package dev.socksify.redirector.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * iptables and ip6tables through {@code *-restore --noflush}, so each family's rules go in as one transaction
 * and nothing else in the tables is touched. Templates: {@code native-config/iptables/socksify-v4.rules} and
 * {@code socksify-v6.rules}.
 */
public final class IptablesBackend implements FirewallBackend {
  /** Tables searched for leftovers: nat (TCP REDIRECT) and mangle (TPROXY, for UDP). */
  private static final List<String> TABLES = List.of("nat", "mangle");

  private final CommandRunner runner;

  public IptablesBackend(CommandRunner runner) {
    this.runner = runner;
  }

  /** One address family's tool set. */
  private record Family(String save, String restore, String template) {}

  private static final Family V4 = new Family("iptables-save", "iptables-restore", "iptables/socksify-v4.rules");
  private static final Family V6 = new Family("ip6tables-save", "ip6tables-restore", "iptables/socksify-v6.rules");

  @Override
  public String name() {
    return "iptables";
  }

  @Override
  public List<String> tools() {
    return List.of(V4.save, V4.restore, V6.save, V6.restore);
  }

  @Override
  public List<RuleScript> render(FirewallPlan plan) {
    List<RuleScript> scripts = new ArrayList<>();
    for (Family family : families(plan.ipv6())) {
      String input = RuleTemplate.load(family.template).render(plan.templateValues());
      scripts.add(new RuleScript(List.of(family.restore, "--noflush"), input));
    }
    return scripts;
  }

  @Override
  public void install(FirewallPlan plan) throws FirewallException {
    try {
      for (RuleScript script : render(plan)) {
        runner.check(script.command(), script.input());
      }
    } catch (FirewallException e) {
      try {
        removeAll();
      } catch (FirewallException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  @Override
  public List<String> installed() throws FirewallException {
    List<String> found = new ArrayList<>();
    for (Family family : families(true)) {
      for (String table : TABLES) {
        Ours ours = scan(family, table);
        for (String chain : ours.chains) {
          found.add(family.save.replace("-save", "") + " " + table + " chain " + chain);
        }
        for (String jump : ours.jumps) {
          found.add(family.save.replace("-save", "") + " " + table + " rule " + jump);
        }
      }
    }
    return found;
  }

  @Override
  public void removeAll() throws FirewallException {
    List<String> failures = new ArrayList<>();
    for (Family family : families(true)) {
      if (!runner.has(family.save) || !runner.has(family.restore)) {
        continue;
      }
      StringBuilder script = new StringBuilder();
      for (String table : TABLES) {
        Ours ours = scan(family, table);
        if (ours.chains.isEmpty() && ours.jumps.isEmpty()) {
          continue;
        }
        script.append('*').append(table).append('\n');
        // jumps first, then empty every chain of ours (they may jump to each other), then delete them
        for (String jump : ours.jumps) {
          script.append("-D").append(jump.substring(2)).append('\n');
        }
        for (String chain : ours.chains) {
          script.append("-F ").append(chain).append('\n');
        }
        for (String chain : ours.chains) {
          script.append("-X ").append(chain).append('\n');
        }
        script.append("COMMIT\n");
      }
      if (script.length() > 0) {
        CommandRunner.Result result = runner.run(List.of(family.restore, "--noflush"), script.toString());
        if (!result.ok()) {
          failures.add(family.restore + " (exit " + result.exitCode() + "): " + result.said());
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new FirewallException("could not remove socksify rules: " + String.join("; ", failures));
    }
  }

  /** Our chains and the rules elsewhere that jump to them, as {@code iptables-save} prints them. */
  record Ours(List<String> chains, List<String> jumps) {}

  private Ours scan(Family family, String table) throws FirewallException {
    if (!runner.has(family.save)) {
      return new Ours(List.of(), List.of());
    }
    CommandRunner.Result result = runner.run(List.of(family.save, "-t", table), "");
    if (!result.ok()) {
      // a table that was never created (module not loaded) holds nothing of ours
      if (result.said().toLowerCase(Locale.ROOT).contains("does not exist")) {
        return new Ours(List.of(), List.of());
      }
      throw new FirewallException(family.save + " -t " + table + " failed (exit " + result.exitCode() + "): "
          + result.said());
    }
    return parse(result.stdout());
  }

  /** Finds our chains ({@code :SOCKSIFY...}) and other chains' rules that jump or go to them. */
  static Ours parse(String saveOutput) {
    List<String> chains = new ArrayList<>();
    List<String> jumps = new ArrayList<>();
    for (String line : saveOutput.lines().toList()) {
      if (line.startsWith(":")) {
        String chain = line.substring(1).split(" ", 2)[0];
        if (isOurs(chain)) {
          chains.add(chain);
        }
      } else if (line.startsWith("-A ")) {
        String[] words = line.split(" ");
        if (!isOurs(words[1]) && jumpsToOurs(words)) {
          jumps.add(line);
        }
      }
    }
    return new Ours(chains, jumps);
  }

  private static boolean jumpsToOurs(String[] words) {
    for (int i = 0; i + 1 < words.length; i++) {
      if ((words[i].equals("-j") || words[i].equals("-g")) && isOurs(words[i + 1])) {
        return true;
      }
    }
    return false;
  }

  private static boolean isOurs(String chain) {
    return chain.toLowerCase(Locale.ROOT).startsWith(PREFIX);
  }

  private static List<Family> families(boolean ipv6) {
    return ipv6 ? List.of(V4, V6) : List.of(V4);
  }
}
