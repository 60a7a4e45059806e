package dev.socksify.redirector.udp;

import dev.socksify.redirector.lab.Netns;
import dev.socksify.redirector.lab.NsPeers;
import dev.socksify.redirector.lab.NsProcess;
import dev.socksify.redirector.lab.RedirectLab;
import dev.socksify.redirector.lab.RedirectorProcess;
import dev.socksify.redirector.lab.Scripts;
import dev.socksify.redirector.lab.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UDP and DNS tests' lab: the three namespaces of {@link RedirectLab} (the destination reachable from the client
 * only through the proxies), with real proxies in the proxy namespace and servers in the destination namespace:
 *
 * <ul>
 *   <li>danted on {@value #DANTED_PORT} (SOCKS5 with UDP ASSOCIATE, out through 10.212.0.1 / fd00:212::1),
 *   <li>ss-local on {@value #SS_PORT} with UDP ({@code -u}), its ss-server out through the same addresses,
 *   <li>microsocks on {@value #MICROSOCKS_PORT} (SOCKS5 without UDP),
 *   <li>a UDP echo on the destination ({@code peer=IP:PORT payload}: which hop a datagram left from).
 * </ul>
 *
 * <p>The client also routes the fake-IP range, like the destination net, via a neighbour that does not exist, and
 * counts in mangle POSTROUTING every packet that leaves its interface toward the destination, the fake range or
 * port 53 without the redirector's mark: {@link #leaked()}. POSTROUTING, because a TPROXY'd datagram is rerouted to
 * lo in mangle OUTPUT, but filter OUTPUT still sees the interface of the first routing decision; so
 * {@link RedirectLab#leaked()} would count them.
 */
public final class UdpLab implements AutoCloseable {
  public static final int DANTED_PORT = 1080;
  public static final int SS_PORT = 1081;
  public static final int MICROSOCKS_PORT = 1082;
  public static final String FAKE_SUBNET = "198.18.0.0/15";
  private static final Duration START = Duration.ofSeconds(30);
  private static final Pattern COUNTER =
      Pattern.compile("^\\[(\\d+):(\\d+)] -A POSTROUTING .*socksify-test-udp-leak.*$", Pattern.MULTILINE);

  public final RedirectLab lab;
  public final Netns client;
  public final Netns proxies;
  public final Netns destination;
  private final List<Path> netnsEtc = new ArrayList<>();

  private UdpLab(RedirectLab lab) {
    this.lab = lab;
    this.client = lab.client;
    this.proxies = lab.proxies;
    this.destination = lab.destination;
  }

  public static UdpLab create() {
    RedirectLab lab = RedirectLab.create();
    try {
      UdpLab udp = new UdpLab(lab);
      Netns c = lab.client;
      c.run("ip", "route", "add", FAKE_SUBNET, "via", "10.210.0.99");
      String mark = Integer.toString(RedirectLab.MARK);
      List<List<String>> leaks = List.of(
          List.of("iptables", "-d", "10.211.0.0/16", "-m", "mark", "!", "--mark", mark),
          List.of("iptables", "-d", FAKE_SUBNET),
          List.of("iptables", "-p", "udp", "--dport", "53", "-m", "mark", "!", "--mark", mark),
          List.of("iptables", "-p", "tcp", "--dport", "53", "-m", "mark", "!", "--mark", mark),
          List.of("ip6tables", "-d", "fd00:211::/64", "-m", "mark", "!", "--mark", mark),
          List.of("ip6tables", "-p", "udp", "--dport", "53", "-m", "mark", "!", "--mark", mark));
      for (List<String> leak : leaks) {
        List<String> rule = new ArrayList<>(List.of(leak.get(0), "-t", "mangle", "-A", "POSTROUTING", "-o", "c0"));
        rule.addAll(leak.subList(1, leak.size()));
        rule.addAll(List.of("-m", "comment", "--comment", "socksify-test-udp-leak"));
        c.run(rule.toArray(String[]::new));
      }
      return udp;
    } catch (RuntimeException | Error e) {
      lab.close();
      throw e;
    }
  }

  /** danted in the proxy namespace: SOCKS5 on the proxy addresses, port {@value #DANTED_PORT}, out via p1. */
  public void startDanted() {
    NsPeers.danted(proxies, lab.dir("danted"), List.of(RedirectLab.PROXY, RedirectLab.PROXY6), DANTED_PORT,
        List.of(RedirectLab.PROXY_EGRESS, RedirectLab.PROXY_EGRESS6));
  }

  /** ss-local (SOCKS5 with UDP) on p0 port {@value #SS_PORT}, its ss-server on the proxy namespace's loopback. */
  public void startShadowsocks() {
    Path dir = lab.dir("shadowsocks");
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    // the key stays in a file: never on a command line
    Path config = write(dir.resolve("ss.json"), "{\"password\": \"" + Base64.getEncoder().encodeToString(key)
        + "\", \"method\": \"chacha20-ietf-poly1305\", \"timeout\": 60}\n");
    proxies.spawn("ss-server", lab.log("ss-server"), List.of(Tools.path("ss-server"), "-c", config.toString(),
        "-s", "127.0.0.1", "-p", "8388", "-b", "10.212.0.1", "-u")).awaitListening(proxies, 8388, START);
    proxies.spawn("ss-local", lab.log("ss-local"), List.of(Tools.path("ss-local"), "-c", config.toString(),
        "-s", "127.0.0.1", "-p", "8388", "-b", RedirectLab.PROXY, "-l", Integer.toString(SS_PORT), "-u"))
        .awaitListening(proxies, SS_PORT, START);
  }

  /** microsocks (SOCKS5, no UDP ASSOCIATE) on {@value #MICROSOCKS_PORT}. */
  public void startMicrosocks() {
    proxies.spawn("microsocks", lab.log("microsocks"), List.of(Tools.path("microsocks"), "-i", RedirectLab.PROXY,
        "-p", Integer.toString(MICROSOCKS_PORT), "-b", RedirectLab.PROXY_EGRESS))
        .awaitListening(proxies, MICROSOCKS_PORT, START);
  }

  /** The UDP echo on the destination's addresses (IPv4 and IPv6), one socket per port. */
  public void startEcho(int... ports) {
    List<String> list = new ArrayList<>();
    for (int p : ports) {
      list.add(Integer.toString(p));
    }
    destination.spawn("udp-echo", lab.log("udp-echo"), List.of(Scripts.python(), Scripts.path("udp_echo.py"),
        String.join(",", list), RedirectLab.DEST, RedirectLab.DEST6))
        .awaitLog(log -> log.contains("listening"), START, "listening");
  }

  /**
   * Gives {@code ns} its own /etc/resolv.conf naming {@code nameserver} ({@code /etc/netns/NAME/resolv.conf}, which
   * {@code ip netns exec} mounts over /etc/resolv.conf): processes started in it afterwards resolve with it.
   */
  public void resolvConf(Netns ns, String nameserver) {
    Path dir = Path.of("/etc/netns", ns.name());
    netnsEtc.add(dir);
    write(dir.resolve("resolv.conf"), "nameserver " + nameserver + "\n");
  }

  /** Writes a config file for the redirector into the lab directory. */
  public Path config(String name, String text) {
    return write(lab.dir("config").resolve(name), text);
  }

  /** {@code redirector run --config CONFIG -v} in the client namespace (the real CLI), waiting for "ready". */
  public NsProcess startRedirector(String label, Path config) {
    return RedirectorProcess.run(client, lab.log(label + "-" + System.nanoTime()), List.of("--config",
        config.toString(), "--control", lab.dir("control").resolve(label + ".sock").toString(), "-v"));
  }

  /** {@code redirector status} for the redirector started as {@code label}. */
  public Netns.Result status(String label) {
    return RedirectorProcess.cli(client, "status", List.of("--control",
        lab.dir("control").resolve(label + ".sock").toString()));
  }

  /** One datagram from a connected socat socket in the client namespace; what came back (empty if nothing). */
  public String socat(String host, int port, String payload) {
    String target = host.contains(":") ? "UDP6:[" + host + "]:" + port : "UDP4:" + host + ":" + port;
    return client.tryRunWithInput(payload + "\n", "socat", "-t", "5", "-", target).output().strip();
  }

  /** Packets that left the client toward the destination, the fake range or port 53 without the redirector. */
  public long leaked() {
    long total = 0;
    for (String save : List.of("iptables-save", "ip6tables-save")) {
      Matcher m = COUNTER.matcher(client.run(save, "-c", "-t", "mangle"));
      while (m.find()) {
        total += Long.parseLong(m.group(1));
      }
    }
    return total;
  }

  /** What of the redirector's is installed in the client namespace (rules, chains, tables, policy routing). */
  public String installedRules() {
    StringBuilder out = new StringBuilder();
    for (String line : (client.run("iptables-save") + client.run("ip6tables-save")).lines().toList()) {
      // chains are SOCKSIFY*; the lab's own counters only carry a lower-case comment
      if (line.contains("SOCKSIFY")) {
        out.append(line).append('\n');
      }
    }
    Netns.Result nft = client.tryRun("nft", "list", "tables");
    if (nft.exitCode() == 0) {
      nft.output().lines().filter(l -> l.contains("socksify")).forEach(l -> out.append(l).append('\n'));
    }
    for (String family : List.of("-4", "-6")) {
      client.run("ip", family, "rule", "show").lines().filter(l -> l.contains("proto 115"))
          .forEach(l -> out.append(l).append('\n'));
      client.run("ip", family, "route", "show", "table", "all", "proto", "115").lines()
          .forEach(l -> out.append(l).append('\n'));
    }
    return out.toString();
  }

  private static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    lab.close();
    for (Path dir : netnsEtc) {
      try {
        Files.deleteIfExists(dir.resolve("resolv.conf"));
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        // a leftover file under /etc/netns names a namespace that no longer exists: harmless
      }
    }
  }
}
