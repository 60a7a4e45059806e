package dev.socksify.agent.config;

/**
 * Where the agent's configuration comes from: the {@code -javaagent:socksify.jar=ARG} argument if given, else the
 * {@code SOCKSIFY_CONFIG} environment variable.
 */
public final class ConfigSource {
  public static final String ENV = "SOCKSIFY_CONFIG";

  private ConfigSource() {}

  /** The argument or environment value to parse, or {@code null} if neither is set. */
  public static String resolve(String agentArgument, String environment) {
    if (agentArgument != null && !agentArgument.isBlank()) {
      return agentArgument.trim();
    }
    if (environment != null && !environment.isBlank()) {
      return environment.trim();
    }
    return null;
  }
}
