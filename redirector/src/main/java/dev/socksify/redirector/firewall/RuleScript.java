package dev.socksify.redirector.firewall;

import java.util.List;

/**
 * One rule tool invocation: the command and the text fed to its standard input. {@code scripts/redirector rules}
 * prints exactly these, and installing runs exactly these.
 */
public record RuleScript(List<String> command, String input) {
  public RuleScript {
    command = List.copyOf(command);
  }

  /** The command as a shell line, e.g. {@code iptables-restore --noflush}. */
  public String commandLine() {
    return String.join(" ", command);
  }

  /** The form {@code rules} prints: a shell here-document, so {@code rules ... | sudo sh} installs the same. */
  public String printable() {
    return commandLine() + " <<'EOF'\n" + input + "EOF\n";
  }
}
