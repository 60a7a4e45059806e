package dev.socksify.redirector.cli;

import dev.socksify.chain.config.FirewallBackend;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --backend iptables|nftables}, the words the config file uses. */
final class BackendConverter implements ITypeConverter<FirewallBackend> {
  @Override
  public FirewallBackend convert(String value) {
    FirewallBackend backend = FirewallBackend.ofKeyword(value);
    if (backend == null) {
      throw new TypeConversionException("'" + value + "' is not a backend (iptables or nftables)");
    }
    return backend;
  }

  /** Completion candidates and the list in --help. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("iptables", "nftables").iterator();
    }
  }
}
