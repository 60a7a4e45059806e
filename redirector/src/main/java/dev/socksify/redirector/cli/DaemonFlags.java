package dev.socksify.redirector.cli;

import dev.socksify.chain.config.FirewallBackend;
import dev.socksify.chain.config.RedirectorSettings;
import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.rules.Cidr;
import dev.socksify.redirector.daemon.DaemonOptions;
import dev.socksify.redirector.firewall.Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code [redirector]} settings as flags; a flag given overrides the config file (shared by run and rules).
 */
final class DaemonFlags {
  @Option(names = "--backend", paramLabel = "iptables|nftables", converter = BackendConverter.class,
      completionCandidates = BackendConverter.Names.class,
      description = "Firewall tool to install the redirect rules with (default: iptables).")
  FirewallBackend backend;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Listen port on 127.0.0.1 and ::1, the REDIRECT target (default: 12345).")
  Integer port;

  @Option(names = "--gateway", negatable = true,
      description = "Also redirect TCP from clients that route through this host (IPv4, PREROUTING).")
  Boolean gateway;

  @Option(names = "--interface", paramLabel = "IFACE",
      description = "With --gateway: an incoming interface to redirect, repeatable (default: all but lo).")
  List<String> interfaces;

  @Option(names = "--exclude", paramLabel = "CIDR", converter = CidrConverter.class,
      description = "Never redirect this network, repeatable (loopback, local addresses and the proxies never are).")
  List<Cidr> excludes;

  @Option(names = "--exclude-user", paramLabel = "USER",
      description = "Never redirect this local user's connections, repeatable (e.g. a proxy on this host).")
  List<String> excludeUsers;

  @Option(names = "--user", paramLabel = "USER",
      description = "Unprivileged user to drop to once rules are in and listeners bound (default: nobody).")
  String user;

  @Option(names = "--mark", paramLabel = "MARK", converter = MarkConverter.class,
      description = "SO_MARK on the redirector's own connections, which its rules skip (default: 0x534b).")
  Integer mark;

  @Option(names = "--ipv6", negatable = true, description = "Redirect IPv6 too (default: on).")
  Boolean ipv6;

  @Option(names = "--splice", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Relay with zero-copy splice(2) where possible (default: on).")
  boolean splice;

  @Option(names = "--max-flows", paramLabel = "N",
      description = "Reset new flows while N are open (default: 0, no limit).")
  Integer maxFlows;

  @Option(names = "--control", paramLabel = "SOCKET",
      description = "Unix socket for status (default: /run/socksify/control.sock).")
  Path control;

  /** The config's [redirector] section (or the defaults) with the flags given on top. */
  DaemonOptions resolve(SocksifyConfig config) {
    RedirectorSettings s = config == null ? RedirectorSettings.DEFAULTS : config.redirector();
    List<Cidr> allExcludes = new ArrayList<>(s.exclude());
    if (excludes != null) {
      allExcludes.addAll(excludes);
    }
    FirewallBackend chosen = backend != null ? backend : s.backend();
    return new DaemonOptions(
        Backend.valueOf(chosen.name()),
        port != null ? port : s.port(),
        ipv6 != null ? ipv6 : s.ipv6(),
        allExcludes,
        excludeUsers != null ? excludeUsers : List.of(),
        gateway != null ? gateway : s.gateway(),
        interfaces != null ? interfaces : s.interfaces(),
        user != null ? user : s.user(),
        mark != null ? mark : s.mark(),
        splice,
        maxFlows != null ? maxFlows : s.maxFlows(),
        control != null ? control : s.controlSocket(),
        config == null ? List.of() : List.copyOf(config.chains().values()));
  }

  /** The control socket, for status (which needs no other setting). */
  static Path controlOf(SocksifyConfig config, Path flag) {
    if (flag != null) {
      return flag;
    }
    return config == null ? RedirectorSettings.DEFAULT_CONTROL_SOCKET : config.redirector().controlSocket();
  }
}
