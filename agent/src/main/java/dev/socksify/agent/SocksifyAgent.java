package dev.socksify.agent;

import java.lang.instrument.Instrumentation;

/**
 * The {@code Premain-Class} of socksify.jar. It does nothing but hand over to {@link AgentStart} and make sure no
 * failure of the agent ever reaches the app: it keeps no state and names no bridge type, so loading it cannot load
 * any class from the wrong class loader.
 */
public final class SocksifyAgent {
  private SocksifyAgent() {}

  public static void premain(String argument, Instrumentation inst) {
    try {
      AgentStart.run(argument, inst);
    } catch (Throwable t) {
      System.err.println("socksify: the agent could not start, connections are NOT going through the proxy chain: "
          + t);
    }
  }
}
