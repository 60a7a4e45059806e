package dev.socksify.redirector.udp;

import dev.socksify.redirector.lab.DestinationServers;
import dev.socksify.redirector.lab.RedirectLab;
import dev.socksify.redirector.lab.Scripts;
import dev.socksify.testkit.peers.Dnsmasq;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * The DNS tests' lab: {@link UdpLab} with a dnsmasq on the destination (10.211.0.2:53), the only resolver there is,
 * knowing names nobody else knows. The proxy namespace resolves with it (the last hop resolves names), and so does
 * the client namespace's resolv.conf, though the client has no route to it: only the redirector's marked sockets
 * (names the rules send direct) and the proxies reach it. Also the whoami TCP server and the UDP echo.
 */
final class DnsLab {
  static final String HIDDEN = "only-behind-the-chain.test";
  static final String HIDDEN_IP = "10.211.0.77";
  static final String WEB = "web.test";
  static final String VIA_SS = "a.via-ss.test";
  static final String DIRECT = "host.direct.test";
  static final String DIRECT_IP = "10.211.0.88";
  static final String BLOCKED = "x.blocked.test";
  static final int ECHO = 7000;

  final UdpLab udp;
  final Dnsmasq dnsmasq;

  private DnsLab(UdpLab udp, Dnsmasq dnsmasq) {
    this.udp = udp;
    this.dnsmasq = dnsmasq;
  }

  static DnsLab create() {
    UdpLab udp = UdpLab.create();
    try {
      udp.resolvConf(udp.proxies, RedirectLab.DEST);
      udp.resolvConf(udp.client, RedirectLab.DEST);
      Dnsmasq dns = Dnsmasq.on(RedirectLab.DEST).netns(udp.destination.name())
          .hostRecord(HIDDEN, HIDDEN_IP)
          .hostRecord(WEB, RedirectLab.DEST)
          .hostRecord(DIRECT, DIRECT_IP)
          .address(VIA_SS, RedirectLab.DEST)
          .address(BLOCKED, RedirectLab.DEST)
          .local("test")
          .start(udp.lab.dir("dnsmasq"));
      udp.startDanted();
      udp.startShadowsocks();
      udp.startEcho(ECHO);
      udp.destination.spawn("whoami", udp.lab.log("whoami"), List.of(Scripts.python(), Scripts.path(
          "whoami_server.py"), Integer.toString(DestinationServers.WHOAMI)))
          .awaitListening(udp.destination, DestinationServers.WHOAMI, Duration.ofSeconds(30));
      return new DnsLab(udp, dns);
    } catch (IOException e) {
      udp.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      udp.close();
      throw e;
    }
  }

  /** Whom dnsmasq logged asking for {@code name}. */
  List<String> askedBy(String name) {
    try {
      return dnsmasq.queriesFor(name).stream().map(Dnsmasq.Query::client).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code dig +short ARGS} in the client namespace (the answer lines, or dig's complaint). */
  String dig(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("dig", "+time=5", "+tries=2", "+short"));
    command.addAll(List.of(args));
    return udp.client.tryRun(command.toArray(String[]::new)).output().strip();
  }

  void close() {
    dnsmasq.close();
    udp.close();
  }
}
