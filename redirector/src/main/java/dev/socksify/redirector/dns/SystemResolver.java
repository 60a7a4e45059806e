package dev.socksify.redirector.dns;

import dev.socksify.chain.Addresses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which resolver "the host's normal resolver" is, for names the rules send direct: read once at start-up, before
 * the DNS rules go in, from
 *
 * <ol>
 *   <li>{@code /run/systemd/resolve/resolv.conf}, where systemd-resolved lists the upstream servers it uses (its
 *       stub, 127.0.0.53, is what {@code /etc/resolv.conf} names then), else
 *   <li>{@code /etc/resolv.conf},
 * </ol>
 *
 * <p>taking the first {@code nameserver} that is not on loopback. A loopback resolver (a local stub: resolved,
 * dnsmasq, unbound) is skipped because its own upstream queries are the ones the redirector catches: asking it would
 * bring the query straight back. The redirector queries the chosen resolver directly, over TCP port 53, from a
 * socket with the own-traffic mark, which the rules let through.
 */
final class SystemResolver {
  static final List<Path> SOURCES = List.of(Path.of("/run/systemd/resolve/resolv.conf"), Path.of("/etc/resolv.conf"));

  private SystemResolver() {}

  /** The resolver from the first source that names a usable one. */
  static Optional<InetSocketAddress> pick(List<Path> sources) {
    for (Path source : sources) {
      Optional<InetSocketAddress> found = fromFile(source);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  static Optional<InetSocketAddress> fromFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      return Optional.empty();
    }
    for (String line : lines) {
      String[] words = line.strip().split("\\s+");
      if (words.length < 2 || !words[0].equals("nameserver")) {
        continue;
      }
      // a zone-scoped one (fe80::1%eth0) is no plain literal and is passed over
      InetAddress address = Addresses.literal(words[1]);
      if (address != null && !address.isLoopbackAddress() && !address.isAnyLocalAddress()) {
        return Optional.of(new InetSocketAddress(address, 53));
      }
    }
    return Optional.empty();
  }
}
