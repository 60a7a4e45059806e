package dev.socksify.redirector.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Real proxies started inside a namespace ({@code ip netns exec}): the testkit launchers bind host loopback, a
 * redirect test needs them on a namespace's addresses with egress into another namespace. Each runs in the
 * foreground so the PID held is the daemon's, and {@link Netns#close()} stops it.
 */
public final class NsPeers {
  private static final Duration START = Duration.ofSeconds(30);

  private NsPeers() {}

  /** A started proxy: where clients reach it, and its URL for {@code --proxy} / the config. */
  public record Peer(String scheme, String host, int port, String user, String password, NsProcess process) {
    public String url() {
      String h = host.contains(":") ? "[" + host + "]" : host;
      return scheme + "://" + (user == null ? "" : user + ":" + password + "@") + h + ":" + port;
    }

    /** As a [ProxyList] line. */
    public String proxyListLine() {
      return scheme + " " + host + " " + port + (user == null ? "" : " " + user + " " + password);
    }
  }

  /**
   * danted (SOCKS4/5, CONNECT/BIND/UDP) listening on {@code listen} (IPv4 and IPv6 addresses) at {@code port},
   * connecting out from {@code egress} (one IPv4 and one IPv6 address).
   */
  public static Peer danted(Netns ns, Path dir, List<String> listen, int port, List<String> egress) {
    StringBuilder c = new StringBuilder("logoutput: " + dir.resolve("danted-own.log") + "\n");
    for (String address : listen) {
      c.append("internal: ").append(address).append(" port = ").append(port).append('\n');
    }
    for (String address : egress) {
      c.append("external: ").append(address).append('\n');
    }
    // 0/0, not 0.0.0.0/0: the latter matches IPv4 only (LAB.md pitfall 1)
    c.append("clientmethod: none\nsocksmethod: none\nuser.privileged: root\nuser.unprivileged: nobody\n")
        .append("client pass {\n  from: 0/0 to: 0/0\n  log: error connect disconnect\n}\n")
        .append("socks pass {\n  from: 0/0 to: 0/0\n  command: bind connect udpassociate bindreply udpreply\n")
        .append("  log: error connect disconnect\n}\n");
    Path config = write(dir, "danted.conf", c.toString());
    NsProcess p = ns.spawn("danted", dir.resolve("danted.log"), List.of(Tools.path("danted"), "-f",
        config.toString()));
    p.awaitListening(ns, port, START);
    return new Peer("socks5", listen.get(0), port, null, null, p);
  }

  /**
   * microsocks (SOCKS5 CONNECT) on {@code listen}:{@code port}; with {@code user} it requires RFC 1929
   * username/password; {@code uid} non-null runs it as that uid (a proxy with its own user on a host).
   */
  public static Peer microsocks(Netns ns, Path dir, String listen, int port, String user, String password,
      Integer uid) {
    List<String> command = new ArrayList<>();
    if (uid != null) {
      command.addAll(List.of(Tools.path("setpriv"), "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
    }
    command.addAll(List.of(Tools.path("microsocks"), "-i", listen, "-p", Integer.toString(port)));
    if (user != null) {
      command.addAll(List.of("-u", user, "-P", password));
    }
    NsProcess p = ns.spawn("microsocks", dir.resolve("microsocks-" + port + ".log"), command);
    p.awaitListening(ns, port, START);
    return new Peer("socks5", listen, port, user, password, p);
  }

  static Path write(Path dir, String name, String content) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
