package dev.socksify.redirector.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * nftables: one {@code inet} table for IPv4 and IPv6, loaded with {@code nft -f -} in one transaction and removed
 * by deleting the table. Template: {@code native-config/nftables/socksify.nft}.
 */
public final class NftablesBackend implements FirewallBackend {
  private static final String TEMPLATE = "nftables/socksify.nft";

  private final CommandRunner runner;

  public NftablesBackend(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public String name() {
    return "nftables";
  }

  @Override
  public List<String> tools() {
    return List.of("nft");
  }

  @Override
  public List<RuleScript> render(FirewallPlan plan) {
    return List.of(new RuleScript(List.of("nft", "-f", "-"), RuleTemplate.load(TEMPLATE).render(plan.templateValues())));
  }

  @Override
  public void install(FirewallPlan plan) throws FirewallException {
    // nft -f applies a file atomically: nothing of a failed script is left behind
    for (RuleScript script : render(plan)) {
      runner.check(script.command(), script.input());
    }
  }

  @Override
  public List<String> installed() throws FirewallException {
    return ourTables().stream().map(t -> "nftables table " + t).toList();
  }

  @Override
  public void removeAll() throws FirewallException {
    List<String> tables = ourTables();
    if (tables.isEmpty()) {
      return;
    }
    StringBuilder script = new StringBuilder();
    for (String table : tables) {
      script.append("delete table ").append(table).append('\n');
    }
    runner.check(List.of("nft", "-f", "-"), script.toString());
  }

  /** {@code FAMILY NAME} of every table named socksify*. */
  private List<String> ourTables() throws FirewallException {
    List<String> tables = new ArrayList<>();
    if (!runner.has("nft")) {
      return tables;
    }
    CommandRunner.Result result = runner.check(List.of("nft", "list", "tables"), "");
    for (String line : result.stdout().lines().toList()) {
      String[] words = line.strip().split("\\s+");
      if (words.length == 3 && words[0].equals("table") && words[2].toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
        tables.add(words[1] + " " + words[2]);
      }
    }
    return tables;
  }
}
