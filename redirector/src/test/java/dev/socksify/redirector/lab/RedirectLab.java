package dev.socksify.redirector.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Three namespaces in a row; the destination is reachable from the client only through the proxies:
 *
 * <pre>
 *  client (apps, redirector)      proxies (danted, microsocks)        destination (servers)
 *  c0 10.210.0.1 fd00:210::1 ---- p0 10.210.0.2 fd00:210::2
 *                                 p1 10.212.0.1 fd00:212::1 -------- d0 10.212.0.2 fd00:212::2
 *                                    10.212.0.11 fd00:212::11 (a second egress)
 *                                                                    lo 10.211.0.2 fd00:211::2  (the destination)
 * </pre>
 *
 * The client routes the destination net via a neighbour that does not exist (10.210.0.99, fd00:210::99), so a
 * connection the redirector misses goes nowhere, and a counting rule in the client's filter OUTPUT chain sees it
 * (REDIRECT rewrites the address before filter runs, so redirected packets are not counted): {@link #leaked()}.
 * The proxy namespace also forwards, and two policy rules use that: the redirector's own marked connections
 * ({@link #MARK}, for flows the rules send direct) and one local user ({@link #DIRECT_UID}, a proxy running on
 * the client host) reach the destination without a proxy. The leak counter ignores both.
 */
public final class RedirectLab implements AutoCloseable {
  public static final String CLIENT = "10.210.0.1";
  public static final String PROXY = "10.210.0.2";
  public static final String PROXY_EGRESS = "10.212.0.1";
  /** A second egress address in the proxy namespace, for a proxy whose connections must be told apart. */
  public static final String PROXY_EGRESS_ALT = "10.212.0.11";
  public static final String DEST = "10.211.0.2";
  public static final String CLIENT6 = "fd00:210::1";
  public static final String PROXY6 = "fd00:210::2";
  public static final String PROXY_EGRESS6 = "fd00:212::1";
  public static final String PROXY_EGRESS_ALT6 = "fd00:212::11";
  public static final String DEST6 = "fd00:211::2";
  /** A local user whose own traffic may route to the destination directly (policy routing via the proxies). */
  public static final int DIRECT_UID = 4242;
  /** The own-traffic mark the tests give the redirector; marked packets route to the destination on their own. */
  public static final int MARK = 0x534b;

  private static final Pattern COUNTER = Pattern.compile("^\\[(\\d+):(\\d+)] -A OUTPUT .*socksify-test-leak.*$",
      Pattern.MULTILINE);

  public final Netns client;
  public final Netns proxies;
  public final Netns destination;
  private final Path dir;

  private RedirectLab(Netns client, Netns proxies, Netns destination, Path dir) {
    this.client = client;
    this.proxies = proxies;
    this.destination = destination;
    this.dir = dir;
  }

  public static RedirectLab create() {
    Netns c = Netns.create("c");
    Netns p = null;
    Netns d = null;
    try {
      p = Netns.create("p");
      d = Netns.create("d");
      Netns.host("ip", "link", "add", "c0", "netns", c.name(), "type", "veth", "peer", "name", "p0", "netns",
          p.name());
      Netns.host("ip", "link", "add", "p1", "netns", p.name(), "type", "veth", "peer", "name", "d0", "netns",
          d.name());
      address(c, "c0", CLIENT + "/24", CLIENT6 + "/64");
      address(p, "p0", PROXY + "/24", PROXY6 + "/64");
      address(p, "p1", PROXY_EGRESS + "/24", PROXY_EGRESS6 + "/64");
      p.run("ip", "addr", "add", PROXY_EGRESS_ALT + "/24", "dev", "p1");
      // deprecated, so IPv6 source selection never picks it unless a proxy binds it on purpose
      p.run("ip", "-6", "addr", "add", PROXY_EGRESS_ALT6 + "/64", "dev", "p1", "nodad", "preferred_lft", "0");
      address(d, "d0", "10.212.0.2/24", "fd00:212::2/64");
      d.run("ip", "addr", "add", DEST + "/32", "dev", "lo");
      d.run("ip", "-6", "addr", "add", DEST6 + "/128", "dev", "lo");
      d.run("ip", "route", "add", "10.210.0.0/24", "via", PROXY_EGRESS);
      d.run("ip", "-6", "route", "add", "fd00:210::/64", "via", PROXY_EGRESS6);
      p.run("ip", "route", "add", "10.211.0.0/16", "via", "10.212.0.2");
      p.run("ip", "-6", "route", "add", "fd00:211::/64", "via", "fd00:212::2");
      p.run("sysctl", "-qw", "net.ipv4.ip_forward=1");
      p.run("sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
      // the destination only via a neighbour that never answers: what is not redirected goes nowhere
      c.run("ip", "route", "add", "10.211.0.0/16", "via", "10.210.0.99");
      c.run("ip", "-6", "route", "add", "fd00:211::/64", "via", "fd00:210::99");
      // ... except for one local user, who may go through the proxy namespace's forwarding (same-host proxy test)
      c.run("ip", "rule", "add", "uidrange", DIRECT_UID + "-" + DIRECT_UID, "lookup", "242", "priority", "100");
      c.run("ip", "route", "add", "10.211.0.0/16", "via", PROXY, "table", "242");
      // ... and for the redirector's own marked connections (rules that say 'direct')
      c.run("ip", "rule", "add", "fwmark", Integer.toString(MARK), "lookup", "243", "priority", "101");
      c.run("ip", "route", "add", "10.211.0.0/16", "via", PROXY, "table", "243");
      c.run("ip", "-6", "rule", "add", "fwmark", Integer.toString(MARK), "lookup", "243", "priority", "101");
      c.run("ip", "-6", "route", "add", "fd00:211::/64", "via", PROXY6, "table", "243");
      for (String[] family : new String[][] {{"iptables", "10.211.0.0/16"}, {"ip6tables", "fd00:211::/64"}}) {
        c.run(family[0], "-A", "OUTPUT", "-d", family[1], "-m", "owner", "!", "--uid-owner",
            Integer.toString(DIRECT_UID), "-m", "mark", "!", "--mark", Integer.toString(MARK), "-m", "comment",
            "--comment", "socksify-test-leak");
      }
      Path dir = Files.createTempDirectory("socksify-redirect-lab-");
      // daemons that drop to nobody (danted, sshd's children) read their files from here
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      return new RedirectLab(c, p, d, dir);
    } catch (IOException e) {
      Stream.of(d, p, c).filter(n -> n != null).forEach(Netns::close);
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      Stream.of(d, p, c).filter(n -> n != null).forEach(Netns::close);
      throw e;
    }
  }

  private static void address(Netns ns, String dev, String v4, String v6) {
    ns.run("ip", "addr", "add", v4, "dev", dev);
    ns.run("ip", "-6", "addr", "add", v6, "dev", dev, "nodad");
    ns.run("ip", "link", "set", dev, "up");
  }

  /** Packets from the client towards the destination that were not redirected (should stay 0). */
  public long leaked() {
    long total = 0;
    for (String save : List.of("iptables-save", "ip6tables-save")) {
      Matcher m = COUNTER.matcher(client.run(save, "-c", "-t", "filter"));
      if (!m.find()) {
        throw new AssertionError("leak counter rule missing from " + save);
      }
      total += Long.parseLong(m.group(1));
    }
    return total;
  }

  /** A fresh directory for logs and files of this lab. */
  public Path dir(String name) {
    try {
      return Files.createDirectories(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where a process's log goes. */
  public Path log(String name) {
    return dir.resolve("logs").resolve(name + ".log");
  }

  @Override
  public void close() {
    List<Netns> all = new ArrayList<>(List.of(client, proxies, destination));
    all.forEach(Netns::close);
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // temp files only
    }
  }
}
