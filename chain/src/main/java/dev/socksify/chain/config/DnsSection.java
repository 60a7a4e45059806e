package dev.socksify.chain.config;

import dev.socksify.chain.Addresses;
import java.net.InetSocketAddress;
import java.util.Optional;

/** {@code [dns]}: {@code mode}, {@code fake_subnet}, {@code resolver}, {@code listen_port}. */
final class DnsSection implements Section {
  private static final int DNS_PORT = 53;

  private final ConfigAssembly assembly;

  DnsSection(ConfigAssembly assembly) {
    this.assembly = assembly;
  }

  @Override
  public void accept(Line raw) {
    Line line = raw.asKeyValue();
    switch (line.key()) {
      case "mode":
        DnsMode mode = DnsMode.ofKeyword(line.value());
        if (mode == null) {
          throw line.error("dns mode must be local, remote, fake-ip or forward, not '" + line.value() + "'");
        }
        assembly.dnsMode = mode;
        assembly.dnsModeLine = line;
        break;
      case "fake_subnet":
        assembly.setFakeSubnet(Values.cidr(line, line.value()), line);
        break;
      case "resolver":
        assembly.resolver = Optional.of(endpoint(line));
        break;
      case "listen_port":
        assembly.dnsListenPort = Values.port(line);
        break;
      default:
        assembly.warnUnknown(line, "in [dns]");
    }
  }

  /** {@code HOST}, {@code HOST:PORT} or {@code [IPv6]:PORT}; a name stays unresolved (the chain resolves it). */
  private static InetSocketAddress endpoint(Line line) {
    String value = line.value();
    String host = value;
    int port = DNS_PORT;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        throw line.error("resolver '" + value + "' lacks its closing ']'");
      }
      host = ProxyUrl.ipv6(value.substring(1, close), line.source, line.number);
      String after = value.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw line.error("unexpected '" + after + "' after the resolver's address");
        }
        port = ProxyUrl.port(after.substring(1), line.source, line.number);
      }
    } else if (value.indexOf(':') >= 0 && value.indexOf(':') != value.lastIndexOf(':')) {
      host = ProxyUrl.ipv6(value, line.source, line.number);
    } else if (value.indexOf(':') >= 0) {
      host = value.substring(0, value.indexOf(':'));
      port = ProxyUrl.port(value.substring(value.indexOf(':') + 1), line.source, line.number);
      ProxyUrl.checkHost(host, line.source, line.number);
    } else {
      ProxyUrl.checkHost(host, line.source, line.number);
    }
    return Addresses.parseLiteralOrUnresolved(host, port);
  }
}
