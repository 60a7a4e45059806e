package dev.socksify.redirector.cli;

import dev.socksify.chain.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scripts/redirector}: the host redirector's command line. */
@Command(
    name = "redirector",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Sends this host's TCP connections (and, as a gateway, those routed through it) through a chain of"
          + " proxies: iptables/nftables REDIRECT to a local relay that connects through SOCKS4/4a/5 and HTTP"
          + " CONNECT hops to each connection's original destination."
    },
    subcommands = {
      RunCommand.class, RulesCommand.class, StatusCommand.class, CheckCommand.class, CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n")
public final class RedirectorCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run, rules, status or check");
  }

  /** The picocli setup every entry point (main, tests) uses. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new RedirectorCommand());
    cli.setExitCodeExceptionMapper(e -> e instanceof ConfigException ? ExitCode.USAGE.code() : ExitCode.FAILED.code());
    cli.setParameterExceptionHandler((e, args) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("redirector: " + e.getMessage());
      err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      return ExitCode.USAGE.code();
    });
    cli.setExecutionExceptionHandler((e, command, parsed) -> {
      command.getErr().println("redirector: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return command.getExitCodeExceptionMapper().getExitCode(e);
    });
    applyExitCodes(cli);
    return cli;
  }

  private static void applyExitCodes(CommandLine cli) {
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
    for (CommandLine sub : cli.getSubcommands().values()) {
      applyExitCodes(sub);
    }
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
