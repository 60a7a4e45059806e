package dev.socksify.redirector.cli;

import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.redirector.daemon.DaemonExtension;
import dev.socksify.redirector.daemon.DaemonOptions;
import dev.socksify.redirector.daemon.FirewallPlans;
import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.CommandRunner;
import dev.socksify.redirector.firewall.FirewallBackend;
import dev.socksify.redirector.firewall.FirewallException;
import dev.socksify.redirector.firewall.FirewallPlan;
import dev.socksify.redirector.firewall.RuleScript;
import java.io.PrintWriter;
import dev.socksify.redirector.udp.HostServices;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = {
      "Prints exactly the rules `run` would install with these options (rendered from native-config/), as the"
          + " commands and input it would run. With --remove, deletes every rule of socksify's instead (chains"
          + " named SOCKSIFY*, nftables tables named socksify*), e.g. after a crash; needs root."
    })
final class RulesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;
  @Mixin DaemonFlags flags;

  @Option(names = "--remove", description = "Remove socksify's rules (both backends) instead of printing.")
  boolean remove;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CommandRunner runner = new CommandRunner();
    if (remove) {
      return remove(runner, out);
    }
    SocksifyConfig config = chain.given() ? chain.load() : null;
    DaemonOptions options = flags.resolve(config);
    FirewallPlan plan = FirewallPlans.of(options, options.port(), options.ipv6());
    for (RuleScript script : options.backend().create(runner).render(plan)) {
      out.print(script.printable());
    }
    for (DaemonExtension extension : HostServices.of(config, options).extensions()) {
      for (RuleScript script : extension.render(plan, options.backend())) {
        out.print(script.printable());
      }
    }
    out.flush();
    return ExitCode.OK.code();
  }

  private Integer remove(CommandRunner runner, PrintWriter out) {
    PrintWriter err = spec.commandLine().getErr();
    int failures = 0;
    for (FirewallBackend backend : Backend.all(runner)) {
      try {
        List<String> found = backend.installed();
        if (found.isEmpty()) {
          out.println(backend.name() + ": nothing of socksify's installed");
          continue;
        }
        backend.removeAll();
        found.forEach(f -> out.println("removed " + f));
      } catch (FirewallException e) {
        err.println("redirector: " + e.getMessage());
        failures++;
      }
    }
    try {
      List<String> routing = HostServices.removeLeftovers(runner);
      out.println(routing.isEmpty() ? "policy routing: nothing of socksify's installed"
          : String.join("\n", routing.stream().map(r -> "removed " + r).toList()));
    } catch (FirewallException e) {
      err.println("redirector: " + e.getMessage());
      failures++;
    }
    out.flush();
    return failures == 0 ? ExitCode.OK.code() : ExitCode.FAILED.code();
  }
}
