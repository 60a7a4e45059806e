package dev.socksify.redirector.udp;

import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.redirector.daemon.DaemonOptions;
import dev.socksify.redirector.daemon.Logging;
import dev.socksify.redirector.daemon.Redirector;
import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.Cidr;
import dev.socksify.redirector.relay.DirectUpstream;
import java.nio.file.Path;
import java.util.List;

/**
 * The daemon from a config file with the UDP relay (TCP flows go direct, as in the relay-mechanics tests), for the
 * UDP namespace tests until the CLI's run command wires the UDP relay in. Run inside a namespace:
 * {@code java -cp redirector.jar:test-classes ... CONFIG}.
 */
public final class UdpRedirectorMain {
  private UdpRedirectorMain() {}

  public static void main(String[] args) throws Exception {
    SocksifyConfig config = SocksifyConfig.load(Path.of(args[0]));
    Logging.setup(true);
    var r = config.redirector();
    DaemonOptions options = new DaemonOptions(Backend.valueOf(r.backend().name()), r.port(),
        r.exclude().stream().map(c -> Cidr.parse(c.toString())).toList(), List.of(), List.of(), r.user(), r.mark(),
        true, List.copyOf(config.chains().values()));
    UdpRelayService udp = new UdpRelayService(UdpRelayService.settings(config, r.mark(), r.ipv6(), false, null));
    new Redirector(options, upstreams -> destination -> new DirectUpstream(upstreams)).with(udp).run();
  }
}
