package dev.socksify.agent;

import dev.socksify.agent.connect.ConnectDispatcher;
import dev.socksify.agent.connect.FlowLog;
import dev.socksify.agent.connect.Router;
import dev.socksify.agent.dns.AgentDns;
import dev.socksify.agent.inband.InbandConnector;
import dev.socksify.agent.inband.SunNio;
import dev.socksify.agent.install.Hook;
import dev.socksify.agent.install.HookInstaller;
import dev.socksify.agent.install.HookReport;
import dev.socksify.agent.install.Hooks;
import dev.socksify.agent.relay.LoopbackRelay;
import dev.socksify.agent.udp.DatagramDispatcher;
import dev.socksify.agent.udp.DatagramWiring;
import dev.socksify.chain.config.ConfigException;
import dev.socksify.chain.config.SocksifyConfig;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.List;
import sun.nio.ch.SocksifyBridge;

/**
 * Builds the dispatcher from the configuration, plugs it into the bridge, installs the hooks and runs the
 * self-check. Anything that goes wrong from here on makes the agent fail closed: connections that would have gone
 * through the chain fail with the reason, none goes out directly.
 */
final class AgentWiring {
  /** {@code -Dsocksify.failClosed=false} (or {@code fail_closed off} in the config) keeps the hooks that did apply. */
  static final String FAIL_CLOSED = "socksify.failClosed";
  /** {@code -Dsocksify.debug=true} (or {@code debug on} in the config): one log line per connection. */
  static final String DEBUG = "socksify.debug";

  private AgentWiring() {}

  static void start(String source, Instrumentation inst, long startNanos) {
    keepSocketsOnNio();
    String refusal = null;
    SocksifyConfig config = null;
    try {
      config = SocksifyConfig.fromAgentArgument(source);
    } catch (ConfigException e) {
      refusal = "socksify: " + e.getMessage() + "; refusing to connect directly";
    }
    PrintStream out = output(config);
    if (config != null && !config.quiet()) {
      config.warnings().forEach(w -> out.println("socksify: warning: " + w));
    }
    boolean debug = Boolean.getBoolean(DEBUG) || (config != null && config.agent().debug());
    // before anything below loads the JDK classes the hooks change, so they are hooked as they load
    List<Hook> hooks = AgentDns.hooksFor(config);
    HookInstaller hookInstaller = HookInstaller.register(inst, hooks,
        Hooks.without(hooks, System.getProperty(Hooks.SKIP_PROPERTY, "")));
    SunNio nio = null;
    try {
      nio = SunNio.load();
    } catch (ReflectiveOperationException e) {
      refusal = "socksify: JDK " + Runtime.version() + " lacks an internal the agent needs (" + e
          + "); refusing to connect directly";
    }
    AgentDns dns = AgentDns.none();
    if (config != null) {
      try {
        dns = AgentDns.start(config, inst, nio, debug, out);
      } catch (ReflectiveOperationException | RuntimeException e) {
        refusal = "socksify: cannot set up DNS handling on JDK " + Runtime.version() + " (" + e
            + "); refusing to connect directly";
      }
    }
    FlowLog log = new FlowLog(debug, out);
    ConnectDispatcher dispatcher = new ConnectDispatcher(
        nio,
        config == null ? null : new Router(config),
        nio == null ? null : new InbandConnector(nio, dns.resolver()),
        nio == null ? null : new LoopbackRelay(nio, log),
        log,
        dns.destinations());
    if (refusal != null) {
      dispatcher.refuseAll(refusal);
      out.println(refusal);
    }
    SocksifyBridge.install(dispatcher);
    dns.install();
    DatagramDispatcher datagrams = DatagramWiring.install(config, nio, dns, refusal, dispatcher, log, out);
    HookReport report = hookInstaller.complete();
    selfCheck(report, dispatcher, failClosed(config), out);
    DatagramWiring.afterHooks(report, datagrams, refusal, failClosed(config), out);
    if (debug && config != null) {
      out.println("socksify: ready in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms; default chain "
          + config.defaultChain() + "; " + dns);
    }
  }

  // JDK 17 still has the legacy PlainSocketImpl behind -Djdk.net.usePlainSocketImpl; it connects in native code,
  // past Net.connect. SocketImpl reads the property once, when it initializes, which no app code has done yet.
  private static void keepSocketsOnNio() {
    String legacy = "jdk.net.usePlainSocketImpl";
    if (Runtime.version().feature() < 18 && System.getProperty(legacy) != null) {
      System.clearProperty(legacy);
      System.err.println("socksify: ignoring -D" + legacy + ": the legacy socket implementation would connect past"
          + " the agent");
    }
  }

  private static boolean failClosed(SocksifyConfig config) {
    String property = System.getProperty(FAIL_CLOSED);
    if (property != null) {
      return !"false".equalsIgnoreCase(property);
    }
    return config == null || config.agent().failClosed();
  }

  private static PrintStream output(SocksifyConfig config) {
    if (config == null || config.agent().log().isEmpty()) {
      return System.err;
    }
    try {
      return new PrintStream(new FileOutputStream(config.agent().log().get().toFile(), true), true);
    } catch (IOException e) {
      System.err.println("socksify: cannot write log " + config.agent().log().get() + " (" + e.getMessage()
          + "); logging to stderr");
      return System.err;
    }
  }

  private static void selfCheck(HookReport report, ConnectDispatcher dispatcher, boolean failClosed, PrintStream out) {
    List<String> missing = report.missing();
    if (missing.isEmpty()) {
      return;
    }
    String what = "socksify: on JDK " + Runtime.version() + " these hooks are not applied: " + String.join("; ", missing);
    if (!failClosed) {
      out.println(what + ". Fail-closed is off: connections they would catch go DIRECT");
      return;
    }
    out.println(what + ". Failing closed: such connections fail (-D" + FAIL_CLOSED + "=false to let them go direct)");
    dispatcher.refuseAll(what + "; refusing to connect directly");
    if (missing.stream().anyMatch(m -> m.startsWith("sun.nio.ch.Net.connect"))) {
      dispatcher.refuseAtEntryPoints();
    }
  }
}
