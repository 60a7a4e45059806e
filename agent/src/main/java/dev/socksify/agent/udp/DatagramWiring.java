package dev.socksify.agent.udp;

import dev.socksify.agent.connect.ConnectDispatcher;
import dev.socksify.agent.connect.FlowLog;
import dev.socksify.agent.connect.Router;
import dev.socksify.agent.dns.AgentDns;
import dev.socksify.agent.inband.SunNio;
import dev.socksify.agent.install.HookReport;
import dev.socksify.chain.blocking.HopDialer;
import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.udp.ControlConnector;
import java.io.PrintStream;
import java.util.List;
import sun.nio.ch.SocksifyDatagramBridge;

/** Builds the UDP path, plugs it into the datagram bridge and the {@code Net.connect} hook, and fails it closed. */
public final class DatagramWiring {
  private DatagramWiring() {}

  /**
   * Installs the UDP path before the hooks are. It refuses every datagram until {@link #afterHooks} has looked up
   * the JDK internals it drives sockets with: they are looked up only once the hooks are in, so that
   * {@code DatagramChannelImpl} is first loaded through the hooks (and the hook cache sees its class file, not a
   * retransformation of an already loaded class).
   *
   * @param config the configuration, or {@code null} if it is broken (then {@code refusal} says why)
   * @param nio the JDK internals of the TCP path, or {@code null} if missing (then {@code refusal} says so)
   * @param dns the fake addresses and the resolver that bypasses them
   * @param refusal why the agent refuses everything, or {@code null}
   * @param out where {@code log} writes
   */
  public static DatagramDispatcher install(SocksifyConfig config, SunNio nio, AgentDns dns, String refusal,
      ConnectDispatcher connects, FlowLog log, PrintStream out) {
    keepDatagramSocketsOnNio(out);
    UdpRouter router = config == null ? null : new UdpRouter(new Router(config), config.udp().enabled());
    // the control connections are dialed with the thread marked as the agent's own, so no hook sees them; hop
    // names are resolved here, never with a fake answer
    AssociationOpener opener =
        new AssociationOpener(ControlConnector.blocking(HopDialer.socketChannel(), dns.resolver()));
    DatagramDispatcher datagrams =
        new DatagramDispatcher(nio, router, dns.destinations(), dns.resolver(), opener, log, out);
    datagrams.refuseEveryWrite(refusal != null ? refusal : "socksify: the agent is still starting");
    SocksifyDatagramBridge.install(datagrams);
    connects.datagrams(datagrams);
    return datagrams;
  }

  /**
   * Completes the UDP path once the hooks are installed, or fails it closed: datagrams to anything but loopback
   * fail when a hook or a JDK internal is missing (the TCP self-check has said which hook), and every datagram send
   * does when a UDP hook is the missing one.
   *
   * @param refusal why the agent refuses everything, or {@code null}
   */
  public static void afterHooks(HookReport report, DatagramDispatcher datagrams, String refusal, boolean failClosed,
      PrintStream out) {
    if (refusal != null) {
      datagrams.refuseAll(refusal);
      return;
    }
    try {
      datagrams.start(JdkDatagrams.load());
    } catch (ReflectiveOperationException e) {
      String missing = "socksify: JDK " + Runtime.version() + " lacks a datagram internal the agent needs (" + e
          + "); refusing to send datagrams directly";
      out.println(missing);
      datagrams.refuseAll(missing);
      return;
    }
    List<String> missing = report.missing();
    if (!failClosed || missing.isEmpty()) {
      return;
    }
    String reason = "socksify: on JDK " + Runtime.version() + " these hooks are not applied: "
        + String.join("; ", missing) + "; refusing to send datagrams directly";
    if (missing.stream().anyMatch(m -> m.startsWith(DatagramHooks.IMPL))) {
      datagrams.refuseEveryWrite(reason);
    } else {
      datagrams.refuseAll(reason);
    }
  }

  // JDK 17 still has the legacy PlainDatagramSocketImpl behind -Djdk.net.usePlainDatagramSocketImpl; it sends in
  // native code, past DatagramChannelImpl. DatagramSocket reads the property once, when it initializes, which no app
  // code has done yet.
  private static void keepDatagramSocketsOnNio(PrintStream out) {
    String legacy = "jdk.net.usePlainDatagramSocketImpl";
    if (Runtime.version().feature() < 18 && System.getProperty(legacy) != null) {
      System.clearProperty(legacy);
      out.println("socksify: ignoring -D" + legacy + ": the legacy datagram socket implementation would send past"
          + " the agent");
    }
  }

}
