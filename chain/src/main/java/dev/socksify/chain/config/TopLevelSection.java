package dev.socksify.chain.config;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.rules.Action;
import dev.socksify.chain.rules.Cidr;
import dev.socksify.chain.rules.PortRange;
import dev.socksify.chain.rules.Rule;
import java.net.InetAddress;
import java.util.List;

/**
 * The lines before the first section: proxychains' directives as proxychains-ng 4.x reads them
 * (see its proxychains.conf), plus the per-chain defaults of {@link ChainSettings}.
 */
final class TopLevelSection implements Section {
  private static final String LOCALNET_SHAPE = "localnet needs ADDRESS[:PORT]/MASK, e.g. 192.168.1.0/255.255.255.0,"
      + " 192.168.1.0:80/24 or [::1]:80/128";

  private final ConfigAssembly assembly;

  TopLevelSection(ConfigAssembly assembly) {
    this.assembly = assembly;
  }

  @Override
  public void accept(Line raw) {
    if (assembly.globals.accept(raw, assembly)) {
      return;
    }
    Line line = raw.asKeyValue();
    switch (line.key()) {
      case "proxy_dns":
        noValue(line);
        assembly.proxyDns = line;
        break;
      case "proxy_dns_old":
        noValue(line);
        assembly.proxyDns = line;
        assembly.warn(line, "proxy_dns_old is read as proxy_dns: names are answered with fake addresses and"
            + " sent to the chain; no proxyresolv script is run");
        break;
      case "proxy_dns_daemon":
        assembly.proxyDns = line;
        assembly.warn(line, "proxy_dns_daemon is read as proxy_dns: socksify keeps its own name map and does not"
            + " contact proxychains4-daemon");
        break;
      case "remote_dns_subnet":
        int octet = Values.integer(line, 0, 255);
        assembly.setFakeSubnet(Values.cidr(line, octet + ".0.0.0/8"), line);
        break;
      case "localnet":
        assembly.addRule(localnet(line), null, line);
        break;
      case "quiet_mode":
        noValue(line);
        assembly.quiet = true;
        break;
      case "dnat":
        assembly.warn(line, "dnat is not supported and is ignored: connections go to the address the program asked for");
        break;
      default:
        if (ProxyType.ofScheme(line.key()) != null || ProxyUrl.looksLikeUrl(line.word(0))) {
          assembly.warn(line, "proxy line outside [ProxyList] or [chain NAME] ignored");
        } else {
          assembly.warnUnknown(line, "");
        }
    }
  }

  private static void noValue(Line line) {
    if (line.size() > 1) {
      throw line.error(line.word(0) + " takes no value");
    }
  }

  /** proxychains' {@code localnet}: destinations that go direct, optionally only on one port (0: any). */
  static Rule localnet(Line line) {
    String value = line.value();
    int slash = value.lastIndexOf('/');
    if (slash < 0) {
      throw line.error(LOCALNET_SHAPE);
    }
    String addressPart = value.substring(0, slash);
    String maskPart = value.substring(slash + 1);
    String host = addressPart;
    String portText = null;
    if (addressPart.startsWith("[")) {
      int close = addressPart.indexOf(']');
      if (close < 0) {
        throw line.error(LOCALNET_SHAPE);
      }
      host = addressPart.substring(1, close);
      String after = addressPart.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw line.error(LOCALNET_SHAPE);
        }
        portText = after.substring(1);
      }
    } else if (addressPart.indexOf(':') >= 0 && addressPart.indexOf(':') == addressPart.lastIndexOf(':')) {
      host = addressPart.substring(0, addressPart.indexOf(':'));
      portText = addressPart.substring(addressPart.indexOf(':') + 1);
    }
    InetAddress address = Addresses.literal(host);
    if (address == null) {
      throw line.error("localnet address '" + host + "' is not an IP address; " + LOCALNET_SHAPE);
    }
    boolean v6 = host.indexOf(':') >= 0;
    int prefix = prefix(maskPart, v6, line);
    if (v6 && address.getAddress().length == 4) {
      // ::ffff:a.b.c.d came back as IPv4 from the JDK; the prefix was counted over 128 bits.
      prefix = Math.max(0, prefix - 96);
    }
    Cidr cidr;
    try {
      cidr = Cidr.of(address, prefix);
    } catch (IllegalArgumentException e) {
      throw line.error(e.getMessage());
    }
    int port = 0;
    if (portText != null) {
      port = portText.equals("0") ? 0 : ProxyUrl.port(portText, line.source, line.number);
    }
    List<PortRange> ports = port == 0 ? List.of() : List.of(new PortRange(port, port));
    return new Rule(List.of(), List.of(cidr), ports, Action.DIRECT, null, line.where());
  }

  private static int prefix(String mask, boolean v6, Line line) {
    int max = v6 ? 128 : 32;
    if (mask.indexOf('.') >= 0) {
      InetAddress m = Addresses.literal(mask);
      if (m == null || m.getAddress().length != 4 || v6) {
        throw line.error("localnet mask '" + mask + "' is not a netmask like 255.255.255.0");
      }
      long bits = 0;
      for (byte b : m.getAddress()) {
        bits = (bits << 8) | (b & 0xff);
      }
      int ones = Integer.numberOfLeadingZeros(~(int) bits);
      long expected = ones == 0 ? 0 : (0xffffffffL << (32 - ones)) & 0xffffffffL;
      if (bits != expected) {
        throw line.error("localnet mask '" + mask + "' has holes; a netmask is ones then zeros");
      }
      return ones;
    }
    if (mask.isEmpty() || mask.length() > 3 || !mask.chars().allMatch(Character::isDigit)
        || Integer.parseInt(mask) > max) {
      throw line.error("localnet mask '" + mask + "' is neither a netmask nor a prefix length 0-" + max);
    }
    return Integer.parseInt(mask);
  }
}
