package dev.socksify.testkit;

import dev.socksify.testkit.peers.RealPeer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * {@code scripts/lab up}: starts one of each real peer on loopback, writes where they listen to a state
 * directory, and keeps them running until SIGTERM/SIGINT, when every peer is stopped by its PID.
 *
 * <p>Writes {@code peers.txt} (the table, passwords masked; written last, so it also means "ready") and
 * {@code proxychains.conf} (mode 0600, with credentials): a strict chain through four peers of different kinds
 * that {@code proxychains4 -f} and the socksify agent both read.
 */
public final class RealPeersMain {
  private RealPeersMain() {}

  /** {@code RealPeersMain STATE_DIR}. */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: RealPeersMain STATE_DIR");
      System.exit(2);
    }
    Path state = Path.of(args[0]);
    Files.createDirectories(state);
    RealPeers peers = new RealPeers();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      peers.close();
      stopped.countDown();
    }, "scripts-lab-down"));

    List<String> skipped = new ArrayList<>();
    RealPeer danted = start(peers, skipped, "danted", p -> p.danted("127.0.0.11"));
    start(peers, skipped, "danted (RFC 1929)", p -> p.dantedWithAuth("127.0.0.13"));
    RealPeer ssh = start(peers, skipped, "ssh -D", RealPeers::sshDynamic);
    RealPeer microsocks = start(peers, skipped, "microsocks (auth)",
        p -> p.microsocks("127.0.0.22", "lab", "lab-pw"));
    start(peers, skipped, "microsocks", p -> p.microsocks("127.0.0.21"));
    start(peers, skipped, "ss-local", p -> p.shadowsocks("127.0.0.31"));
    RealPeer tinyproxy = start(peers, skipped, "tinyproxy", p -> p.tinyproxy("127.0.0.41"));

    List<RealPeer> chain = new ArrayList<>();
    for (RealPeer hop : new RealPeer[] {danted, ssh, microsocks, tinyproxy}) {
      if (hop != null) {
        chain.add(hop);
      }
    }
    Path conf = state.resolve("proxychains.conf");
    Files.deleteIfExists(conf);
    Files.createFile(conf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(conf, proxychainsConf(chain), StandardCharsets.UTF_8);

    StringBuilder table = new StringBuilder();
    for (RealPeer peer : peers.peers()) {
      table.append(String.format("%-16s %-46s egress %-10s files %s%n",
          peer.kind(), peer.url(false), peer.egress(), peer.dir()));
    }
    skipped.forEach(s -> table.append("skipped: ").append(s).append('\n'));
    table.append("chain (strict, ").append(chain.size()).append(" hops): ").append(conf).append('\n');
    Path tmp = state.resolve("peers.txt.tmp");
    Files.writeString(tmp, table.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, state.resolve("peers.txt"), StandardCopyOption.ATOMIC_MOVE);
    System.out.print(table);
    stopped.await();
  }

  private static RealPeer start(RealPeers peers, List<String> skipped, String what,
      Function<RealPeers, RealPeer> starter) {
    try {
      return starter.apply(peers);
    } catch (RuntimeException e) {
      // Lab.require aborts with an assumption naming the missing tool; here that means "leave this peer out".
      skipped.add(what + ": " + e.getMessage());
      return null;
    }
  }

  private static String proxychainsConf(List<RealPeer> chain) {
    StringBuilder conf = new StringBuilder("# written by scripts/lab up; stopped by scripts/lab down\n"
        + "strict_chain\nproxy_dns\ntcp_read_time_out 15000\ntcp_connect_time_out 8000\n[ProxyList]\n");
    for (RealPeer hop : chain) {
      // proxychains knows socks4/socks5/http; remote DNS is the proxy_dns switch, not a socks5h scheme.
      String type = hop.scheme().startsWith("socks5") ? "socks5" : hop.scheme();
      conf.append(type).append(' ').append(hop.host()).append(' ').append(hop.port());
      if (hop.user() != null) {
        conf.append(' ').append(hop.user()).append(' ').append(hop.password());
      }
      conf.append('\n');
    }
    return conf.toString();
  }
}
