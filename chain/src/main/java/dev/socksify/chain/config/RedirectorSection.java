package dev.socksify.chain.config;

import java.nio.file.Path;

/**
 * {@code [redirector]}: {@code port}, {@code udp_port}, {@code backend}, {@code exclude}, {@code user},
 * {@code gateway}, {@code interfaces}, {@code ipv6}, {@code mark}, {@code route_table}, {@code control},
 * {@code max_flows}.
 */
final class RedirectorSection implements Section {
  private final ConfigAssembly.RedirectorDraft draft;
  private final ConfigAssembly assembly;

  RedirectorSection(ConfigAssembly assembly) {
    this.assembly = assembly;
    this.draft = assembly.redirector;
  }

  @Override
  public void accept(Line raw) {
    Line line = raw.asKeyValue();
    switch (line.key()) {
      case "port":
        draft.port = Values.port(line);
        break;
      case "udp_port":
        draft.udpPort = Values.port(line);
        break;
      case "backend":
        FirewallBackend backend = FirewallBackend.ofKeyword(line.value());
        if (backend == null) {
          throw line.error("backend must be iptables or nftables, not '" + line.value() + "'");
        }
        draft.backend = backend;
        break;
      case "exclude":
        for (String item : Values.list(line)) {
          draft.exclude.add(Values.cidr(line, item));
        }
        break;
      case "user":
        String user = line.value();
        if (!user.matches("[A-Za-z_][A-Za-z0-9_.-]*\\$?|[0-9]+")) {
          throw line.error("user '" + user + "' is not a user name or id");
        }
        draft.user = user;
        break;
      case "gateway":
        draft.gateway = Values.bool(line);
        break;
      case "interfaces":
        for (String item : Values.list(line)) {
          if (!item.matches("[A-Za-z0-9_.:@+-]{1,15}")) {
            throw line.error("interface '" + item + "' is not an interface name");
          }
          draft.interfaces.add(item);
        }
        break;
      case "ipv6":
        draft.ipv6 = Values.bool(line);
        break;
      case "mark":
        draft.mark = Values.integer(line, 1, Integer.MAX_VALUE);
        break;
      case "route_table":
        draft.routeTable = Values.integer(line, 1, 252);
        break;
      case "control":
        draft.controlSocket = Path.of(line.value());
        break;
      case "max_flows":
        draft.maxFlows = Values.integer(line, 0, Integer.MAX_VALUE);
        break;
      default:
        assembly.warnUnknown(line, "in [redirector]");
    }
  }
}
