package dev.socksify.redirector.cli;

import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.redirector.Log;
import dev.socksify.redirector.daemon.DaemonOptions;
import dev.socksify.redirector.daemon.Logging;
import dev.socksify.redirector.daemon.Redirector;
import dev.socksify.redirector.daemon.StartupException;
import dev.socksify.redirector.relay.RulesPolicy;
import dev.socksify.redirector.udp.HostServices;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Installs the redirect rules, relays every redirected TCP connection and UDP datagram through the chain"
          + " (and this host's DNS queries, with [dns] mode fake-ip or forward), and removes the rules on"
          + " SIGINT/SIGTERM. Rules left by a crashed run are removed first. Needs root; drops to --user once the"
          + " rules are in, keeping only CAP_NET_ADMIN and CAP_NET_BIND_SERVICE."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;
  @Mixin DaemonFlags flags;

  @Option(names = {"-v", "--verbose"}, description = "Log every flow, not only failures.")
  boolean verbose;

  @Override
  public Integer call() {
    if (!chain.given()) {
      throw new ParameterException(spec.commandLine(), "run needs --config FILE or --proxy URL (repeated)");
    }
    SocksifyConfig config = chain.load();
    Logging.setup(verbose);
    config.warnings().forEach(w -> Log.warn(w));
    DaemonOptions options = flags.resolve(config);
    try {
      HostServices host = HostServices.of(config, options);
      Redirector redirector = new Redirector(options, (upstreams, workers) ->
          host.tcpPolicy(new RulesPolicy(config, upstreams, workers), upstreams, workers));
      host.extensions().forEach(redirector::with);
      redirector.run();
      return ExitCode.OK.code();
    } catch (StartupException e) {
      Log.error("cannot start: " + e.getMessage());
      return ExitCode.FAILED.code();
    }
  }
}
