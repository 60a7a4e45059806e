package dev.socksify.chain.config;

/** {@code [udp]}: {@code enabled}, {@code idle_timeout}. */
final class UdpSection implements Section {
  private final ConfigAssembly assembly;

  UdpSection(ConfigAssembly assembly) {
    this.assembly = assembly;
  }

  @Override
  public void accept(Line raw) {
    Line line = raw.asKeyValue();
    switch (line.key()) {
      case "enabled":
        assembly.udpEnabled = Values.bool(line);
        break;
      case "idle_timeout":
        assembly.udpIdleTimeout = Values.duration(line);
        break;
      default:
        assembly.warnUnknown(line, "in [udp]");
    }
  }
}
