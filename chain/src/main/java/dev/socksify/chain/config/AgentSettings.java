package dev.socksify.chain.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The Java agent's own settings ({@code [agent]}).
 *
 * @param debug log every decision and hop (never passwords)
 * @param log where the agent logs; empty means standard error
 * @param failClosed when the agent cannot set itself up or a chain is down, fail the connection instead of
 *     connecting directly (on by default: a silent direct connection is a leak)
 */
public record AgentSettings(boolean debug, Optional<Path> log, boolean failClosed) {
  public static final AgentSettings DEFAULTS = new AgentSettings(false, Optional.empty(), true);

  public AgentSettings {
    Objects.requireNonNull(log, "log");
  }
}
