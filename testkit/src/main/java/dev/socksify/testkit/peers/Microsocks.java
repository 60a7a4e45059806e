package dev.socksify.testkit.peers;

import dev.socksify.testkit.Lab;
import java.util.ArrayList;
import java.util.List;

/**
 * microsocks 1.0: SOCKS5 CONNECT only (no SOCKS4, BIND or UDP: it answers 0x07), optionally with RFC 1929
 * username/password. Outbound connections are bound to the egress alias ({@code -b}).
 */
public final class Microsocks extends RealPeer {
  private final String egress;
  private final String user;
  private final String password;
  private int port;

  private Microsocks(String egress, String user, String password) {
    super(user == null ? "microsocks" : "microsocks-auth", Lab.tempDir("microsocks"));
    this.egress = egress;
    this.user = user;
    this.password = password;
  }

  /** microsocks without authentication, connecting out from {@code egress}. */
  public static Microsocks start(String egress) {
    return start(egress, null, null);
  }

  /** microsocks that requires RFC 1929 {@code user}/{@code password}. */
  public static Microsocks startWithAuth(String egress, String user, String password) {
    if (user == null || password == null) {
      throw new IllegalArgumentException("user and password are both required");
    }
    return start(egress, user, password);
  }

  private static Microsocks start(String egress, String user, String password) {
    Lab.requireCommand("microsocks");
    Microsocks microsocks = new Microsocks(egress, user, password);
    microsocks.bringUp();
    return microsocks;
  }

  @Override
  protected void launch() {
    port = Lab.freePort();
    List<String> command = new ArrayList<>(List.of(Lab.requireCommand("microsocks").toString(),
        "-i", LISTEN_HOST, "-p", Integer.toString(port), "-b", egress));
    if (user != null) {
      // microsocks has no config file; it wipes -u and -P from its argv at start, so ps shows blanks.
      command.addAll(List.of("-u", user, "-P", password));
    }
    awaitPort(spawn("microsocks", command, password == null ? List.of() : List.of(password)), port);
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String scheme() {
    return "socks5";
  }

  @Override
  public String egress() {
    return egress;
  }

  @Override
  public String user() {
    return user;
  }

  @Override
  public String password() {
    return password;
  }
}
