package dev.socksify.redirector.cli;

import dev.socksify.redirector.control.ControlClient;
import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.CommandRunner;
import dev.socksify.redirector.firewall.FirewallBackend;
import dev.socksify.redirector.firewall.FirewallException;
import dev.socksify.redirector.privilege.PrivilegeDrop;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Asks the running redirector over its control socket (listeners, rules, chains, flow counts). When none"
          + " answers, says whether rules of a crashed run are still installed (checking that needs root)."
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Option(names = "--control", paramLabel = "SOCKET",
      description = "Unix socket to ask (default: the config's, else /run/socksify/control.sock).")
  Path control;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path socket = DaemonFlags.controlOf(chain.given() ? chain.load() : null, control);
    Optional<String> status = ControlClient.status(socket);
    if (status.isPresent()) {
      out.print(status.get());
      out.flush();
      return ExitCode.OK.code();
    }
    out.println("not running (nothing answers on " + socket + ")");
    if (!PrivilegeDrop.isRoot()) {
      out.println("run as root to see whether rules of an earlier run are still installed");
      out.flush();
      return ExitCode.NOT_RUNNING.code();
    }
    List<String> left = new ArrayList<>();
    for (FirewallBackend backend : Backend.all(new CommandRunner())) {
      try {
        left.addAll(backend.installed());
      } catch (FirewallException e) {
        out.println("cannot list " + backend.name() + " rules: " + e.getMessage());
      }
    }
    if (left.isEmpty()) {
      out.println("no socksify rules installed");
      out.flush();
      return ExitCode.NOT_RUNNING.code();
    }
    out.println("rules of an earlier run are still installed (remove them with `rules --remove`):");
    left.forEach(l -> out.println("  " + l));
    out.flush();
    return ExitCode.LEFTOVERS.code();
  }
}
