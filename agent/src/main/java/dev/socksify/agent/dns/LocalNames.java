package dev.socksify.agent.dns;

import dev.socksify.chain.Addresses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Names this host resolves itself even when names go to the chain: {@code localhost} and {@code *.localhost}, this
 * host's own name ({@code InetAddress.getLocalHost()} resolves it), the names in the hosts file the JDK reads, and the
 * proxies' own host names (the agent must reach hop 1, whatever the app looked up).
 *
 * <p>The hosts file is {@code /etc/hosts}, or {@code jdk.net.hosts.file} when set (then the JDK reads only that
 * file). The system resolver reads {@code /etc/hosts} itself ({@code hosts: files dns}); a name found there never
 * becomes a query. The file is read again when its time stamp or size changes.
 *
 * <p>Names are compared as {@link dev.socksify.chain.dns.FakeAddressPool#normalize} leaves them: lower case, no
 * trailing dot.
 */
final class LocalNames {
  static final Path ETC_HOSTS = Path.of("/etc/hosts");
  static final String HOSTS_FILE_PROPERTY = "jdk.net.hosts.file";

  private final Path hostsFile;
  private final String ownName;
  private final Set<String> proxies;
  private volatile HostsSnapshot hosts = HostsSnapshot.EMPTY;

  private record HostsSnapshot(FileTime modified, long size, Set<String> names) {
    static final HostsSnapshot EMPTY = new HostsSnapshot(null, -1, Set.of());
  }

  /**
   * @param hostsFile the hosts file the JDK's resolver reads
   * @param ownName this host's name, or {@code null}
   * @param proxyHosts the host names of the configured hops
   */
  LocalNames(Path hostsFile, String ownName, Collection<String> proxyHosts) {
    this.hostsFile = hostsFile;
    this.ownName = ownName == null || ownName.isBlank() ? null : key(ownName);
    Set<String> p = new HashSet<>();
    for (String host : proxyHosts) {
      if (!Addresses.isLiteral(host)) {
        p.add(key(host));
      }
    }
    this.proxies = Set.copyOf(p);
  }

  /** The hosts file the JDK uses on this host, this host's name ({@code getLocalHost()}'s), the proxies' hosts. */
  static LocalNames system(String ownName, Collection<String> proxyHosts) {
    String property = System.getProperty(HOSTS_FILE_PROPERTY);
    return new LocalNames(property != null ? Path.of(property) : ETC_HOSTS, ownName, proxyHosts);
  }

  /** Why {@code name} (normalised) is resolved here, or {@code null} if it is not a local name. */
  String why(String name) {
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return "localhost";
    }
    if (name.equals(ownName)) {
      return "this host's name";
    }
    if (proxies.contains(name)) {
      return "a proxy's host";
    }
    if (hostsNames().contains(name)) {
      return "in " + hostsFile;
    }
    return null;
  }

  private Set<String> hostsNames() {
    HostsSnapshot current = hosts;
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(hostsFile, BasicFileAttributes.class);
    } catch (IOException missing) {
      return Set.of();
    }
    if (attributes.lastModifiedTime().equals(current.modified()) && attributes.size() == current.size()) {
      return current.names();
    }
    try {
      HostsSnapshot fresh = new HostsSnapshot(attributes.lastModifiedTime(), attributes.size(),
          parse(Files.readAllLines(hostsFile, StandardCharsets.ISO_8859_1)));
      hosts = fresh;
      return fresh.names();
    } catch (IOException unreadable) {
      return current.names();
    }
  }

  /** {@code ADDRESS NAME [ALIAS...]} per line, {@code #} starts a comment (hosts(5)). */
  static Set<String> parse(List<String> lines) {
    Set<String> names = new HashSet<>();
    for (String line : lines) {
      int hash = line.indexOf('#');
      String[] fields = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
      for (int k = 1; k < fields.length; k++) {
        if (!fields[k].isEmpty()) {
          names.add(key(fields[k]));
        }
      }
    }
    return Set.copyOf(names);
  }

  private static String key(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return n.toLowerCase(Locale.ROOT);
  }
}
