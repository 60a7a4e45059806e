package dev.socksify.agent;

import dev.socksify.agent.bootstrap.BridgeInstaller;
import dev.socksify.agent.config.ConfigSource;
import java.lang.instrument.Instrumentation;

/** What premain does: find the configuration, put the bridge into java.base, then wire and hook. */
final class AgentStart {
  private AgentStart() {}

  static void run(String argument, Instrumentation inst) throws Exception {
    long start = System.nanoTime();
    String source = ConfigSource.resolve(argument, System.getenv(ConfigSource.ENV));
    if (source == null) {
      System.err.println("socksify: no proxy configured (use -javaagent:socksify.jar=socks5://host:port or a config "
          + "file, or set " + ConfigSource.ENV + "); the agent does nothing");
      return;
    }
    // Byte Buddy's Nexus serves class-format changes, which the agent disables; on JDK 25 loading it prints a warning
    System.setProperty("net.bytebuddy.nexus.disabled", "true");
    if (!BridgeInstaller.install(inst)) {
      System.err.println("socksify: another copy of the agent is already installed; this one does nothing");
      return;
    }
    // only now may classes that link to the bridge load
    AgentWiring.start(source, inst, start);
  }
}
