package dev.socksify.redirector.lab;

import dev.socksify.redirector.daemon.DaemonOptions;
import dev.socksify.redirector.daemon.Logging;
import dev.socksify.redirector.daemon.Redirector;
import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.relay.DirectUpstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The daemon with every flow sent direct (through the redirector's own marked sockets), for relay-mechanics tests
 * that need no proxy. Run inside a namespace: {@code java -cp redirector.jar:test-classes ... --port N}.
 */
public final class DirectRedirectorMain {
  private DirectRedirectorMain() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    Backend backend = Backend.IPTABLES;
    boolean splice = true;
    String user = "nobody";
    List<String> excludeUsers = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--backend" -> backend = Backend.valueOf(args[++i].toUpperCase(Locale.ROOT));
        case "--no-splice" -> splice = false;
        case "--user" -> user = args[++i];
        case "--exclude-user" -> excludeUsers.add(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Logging.setup(true);
    DaemonOptions options = new DaemonOptions(backend, port, List.of(), excludeUsers, List.of(), user,
        RedirectLab.MARK, splice, List.of());
    new Redirector(options, upstreams -> destination -> new DirectUpstream(upstreams)).run();
  }
}
