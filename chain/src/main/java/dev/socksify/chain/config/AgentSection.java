package dev.socksify.chain.config;

import java.nio.file.Path;
import java.util.Optional;

/** {@code [agent]}: {@code debug}, {@code log}, {@code fail_closed}. */
final class AgentSection implements Section {
  private final ConfigAssembly assembly;

  AgentSection(ConfigAssembly assembly) {
    this.assembly = assembly;
  }

  @Override
  public void accept(Line raw) {
    Line line = raw.asKeyValue();
    switch (line.key()) {
      case "debug":
        assembly.agentDebug = Values.bool(line);
        break;
      case "log":
        assembly.agentLog = Optional.of(Path.of(line.value()));
        break;
      case "fail_closed":
        assembly.agentFailClosed = Values.bool(line);
        break;
      default:
        assembly.warnUnknown(line, "in [agent]");
    }
  }
}
