package dev.socksify.redirector.udp.firewall;

import dev.socksify.redirector.firewall.CommandRunner;
import dev.socksify.redirector.firewall.FirewallException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and removes the redirector's policy routing (the {@code ip rule} and {@code ip route} of
 * {@code native-config/iproute2/socksify-udp.ip}) by their protocol tag, {@value #PROTOCOL}, not by the table or
 * mark of the current config: what a crashed run with other settings left is found too, and nothing of anyone
 * else's is touched.
 */
public final class PolicyRouting {
  /** The routing protocol number our rules and routes carry (unassigned in iproute2's rt_protos; 's'). */
  public static final int PROTOCOL = 115;

  private static final Pattern RULE = Pattern.compile("^(\\d+):\\s+(.*?)\\s+proto " + PROTOCOL + "\\s*$");
  private static final Pattern ROUTE = Pattern.compile("^(\\S+)\\s+(\\S+)\\s.*\\btable\\s+(\\d+)\\b.*$");

  private final CommandRunner runner;

  public PolicyRouting(CommandRunner runner) {
    this.runner = runner;
  }

  /** One family's rules and routes of ours, as {@code ip} commands that delete them. */
  private List<List<String>> deletions(String family) throws FirewallException {
    List<List<String>> out = new ArrayList<>();
    if (!runner.has("ip")) {
      return out;
    }
    CommandRunner.Result rules = runner.run(List.of("ip", family, "rule", "show"), "");
    if (!rules.ok()) {
      // no such family on this host (IPv6 disabled): nothing of ours can be there
      return out;
    }
    for (String line : rules.stdout().lines().toList()) {
      Matcher m = RULE.matcher(line.strip());
      if (m.matches()) {
        List<String> cmd = new ArrayList<>(List.of("ip", family, "rule", "del", "priority", m.group(1)));
        // 'from all fwmark 0x1534b lookup 100' is also how the rule is given to 'ip rule del'
        cmd.addAll(List.of(m.group(2).split("\\s+")));
        cmd.addAll(List.of("protocol", Integer.toString(PROTOCOL)));
        out.add(cmd);
      }
    }
    CommandRunner.Result routes = runner.run(
        List.of("ip", family, "route", "show", "table", "all", "proto", Integer.toString(PROTOCOL)), "");
    if (routes.ok()) {
      for (String line : routes.stdout().lines().toList()) {
        Matcher m = ROUTE.matcher(line.strip());
        if (m.matches()) {
          out.add(List.of("ip", family, "route", "del", m.group(1), m.group(2), "table", m.group(3), "proto",
              Integer.toString(PROTOCOL)));
        }
      }
    }
    return out;
  }

  /** What of ours is installed, one line each (empty: nothing). */
  public List<String> installed() throws FirewallException {
    List<String> found = new ArrayList<>();
    for (String family : List.of("-4", "-6")) {
      for (List<String> deletion : deletions(family)) {
        found.add(String.join(" ", deletion).replace(" del ", " "));
      }
    }
    return found;
  }

  /** Removes every rule and route of ours in both families; a no-op when clean. */
  public void removeAll() throws FirewallException {
    List<String> failures = new ArrayList<>();
    for (String family : List.of("-4", "-6")) {
      for (List<String> deletion : deletions(family)) {
        CommandRunner.Result result = runner.run(deletion, "");
        if (!result.ok()) {
          failures.add(String.join(" ", deletion) + " (exit " + result.exitCode() + "): " + result.said());
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new FirewallException("could not remove socksify's policy routing: " + String.join("; ", failures));
    }
  }
}
