package dev.socksify.agent.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How a name that goes to the chain is answered at lookup time: {@code fake-ip} or {@code forward} DNS. */
interface NameAnswers {
  /**
   * The addresses the app gets for {@code host}.
   *
   * @param host as the app asked for it (the returned addresses carry it as their name)
   * @param name {@code host} normalised (lower case, no trailing dot)
   */
  InetAddress[] lookup(String host, String name) throws UnknownHostException;

  /** For the debug log's lookup line: {@code fake, the chain resolves it}. */
  String how();

  /** For the start-up line: {@code fake addresses 198.18.0.0/15, no IPv6}. */
  String describe();
}
