package dev.socksify.agent;

import dev.socksify.agent.config.AgentConfig;
import dev.socksify.agent.config.StandInConfig;
import dev.socksify.agent.connect.ChainPaths;
import dev.socksify.agent.connect.ConnectDispatcher;
import dev.socksify.agent.connect.FlowLog;
import dev.socksify.agent.connect.Router;
import dev.socksify.agent.inband.InbandConnector;
import dev.socksify.agent.inband.SunNio;
import dev.socksify.agent.install.HookInstaller;
import dev.socksify.agent.install.HookReport;
import dev.socksify.agent.install.Hooks;
import java.lang.instrument.Instrumentation;
import java.util.List;
import sun.nio.ch.SocksifyBridge;

/**
 * Builds the dispatcher from the configuration, plugs it into the bridge, installs the hooks and runs the
 * self-check. Anything that goes wrong from here on makes the agent fail closed: connections that would have gone
 * through the chain fail with the reason, none goes out directly.
 */
final class AgentWiring {
  /** {@code -Dsocksify.failClosed=false} keeps connecting through the hooks that did apply. */
  static final String FAIL_CLOSED = "socksify.failClosed";
  static final String DEBUG = "socksify.debug";

  private AgentWiring() {}

  static void start(String source, Instrumentation inst) {
    boolean debug = Boolean.getBoolean(DEBUG);
    String refusal = null;
    AgentConfig config = null;
    try {
      config = StandInConfig.fromAgentArgument(source);
      debug |= config.debug();
    } catch (Exception e) {
      refusal = "socksify: bad configuration, refusing to connect directly: " + e.getMessage();
    }
    SunNio nio = null;
    try {
      nio = SunNio.load();
    } catch (ReflectiveOperationException e) {
      refusal = "socksify: JDK " + Runtime.version() + " lacks an internal the agent needs (" + e
          + "), refusing to connect directly";
    }
    FlowLog log = new FlowLog(debug, System.err);
    Router router = config == null ? null : new Router(config.chain(), config.proxies());
    ChainPaths paths = nio == null ? null : new ChainPaths(new InbandConnector(nio));
    ConnectDispatcher dispatcher = new ConnectDispatcher(nio, router, paths, log);
    if (refusal != null) {
      dispatcher.refuseAll(refusal);
      System.err.println(refusal);
    }
    SocksifyBridge.install(dispatcher);
    HookReport report = HookInstaller.install(inst, Hooks.all());
    selfCheck(report, dispatcher);
    if (debug && config != null) {
      System.err.println("socksify: ready, chain " + config.chain());
    }
  }

  private static void selfCheck(HookReport report, ConnectDispatcher dispatcher) {
    List<String> missing = report.missing();
    if (missing.isEmpty()) {
      return;
    }
    String what = "socksify: on JDK " + Runtime.version() + " these hooks are not applied: " + String.join("; ", missing);
    if ("false".equalsIgnoreCase(System.getProperty(FAIL_CLOSED))) {
      System.err.println(what + ". -D" + FAIL_CLOSED + "=false: connections they would catch go DIRECT");
      return;
    }
    System.err.println(what + ". Failing closed: such connections fail (-D" + FAIL_CLOSED + "=false to allow them)");
    dispatcher.refuseAll(what + "; refusing to connect directly");
    if (missing.stream().anyMatch(m -> m.startsWith("sun.nio.ch.Net.connect"))) {
      dispatcher.refuseAtEntryPoints();
    }
  }
}
