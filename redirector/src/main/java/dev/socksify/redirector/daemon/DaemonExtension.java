package dev.socksify.redirector.daemon;

import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.CommandRunner;
import dev.socksify.redirector.firewall.FirewallException;
import dev.socksify.redirector.firewall.FirewallPlan;
import dev.socksify.redirector.firewall.RuleScript;
import dev.socksify.redirector.privilege.Capability;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.Set;

/**
 * A part of the daemon next to the TCP relay (the TPROXY UDP relay, the DNS listener), run through the same life:
 * bound as root before the rules go in, its rules installed right after the TCP rules with the same plan, opened
 * once privileges are dropped, and its rules removed with the TCP rules, on exit and after a crash.
 *
 * <p>Threads: {@code boss} already runs when {@link #bind} is called, so it keeps no capability after the drop;
 * {@code workers} start after the drop and keep CAP_NET_ADMIN, so whatever sets SO_MARK or IP_TRANSPARENT on a new
 * socket must run on a worker loop.
 */
public interface DaemonExtension {
  /** For log lines: {@code UDP relay}, {@code DNS}. */
  String name();

  /** Capabilities it needs kept after the drop, besides CAP_NET_ADMIN (which the daemon always keeps). */
  Set<Capability> capabilities();

  /** Binds the extension's sockets (as root); nothing is read before {@link #open}. */
  void bind(EventLoopGroup boss, EventLoopGroup workers) throws Exception;

  /** Exactly what {@link #install} runs for {@code plan} with {@code backend}, in order. */
  List<RuleScript> render(FirewallPlan plan, Backend backend);

  /** Installs the extension's rules after the TCP rules; on failure what went in is removed by the caller. */
  void install(FirewallPlan plan, Backend backend, CommandRunner runner) throws FirewallException;

  /**
   * What of the extension's own kind is installed now that the TCP backends do not find themselves (policy routing
   * rules, say), one line each; empty when clean.
   */
  List<String> leftovers(CommandRunner runner) throws FirewallException;

  /** Removes everything {@link #leftovers} finds, whoever installed it; a no-op when clean. */
  void removeRules(CommandRunner runner) throws FirewallException;

  /** Starts reading; called after the privilege drop, with the worker loops started. */
  void open();

  /** What the ready line says about it, e.g. {@code UDP on 127.0.0.1:12345 and [::1]:12345}. */
  String describe();

  /** What {@code status} says about it: where it listens and what it did so far. */
  String status();

  /** Stops reading and ends what is open; the event loops are shut down afterwards by the daemon. */
  void close();
}
