package dev.socksify.testkit.peers;

import dev.socksify.testkit.Lab;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * danted (Dante 1.4): SOCKS4 and SOCKS5 with CONNECT, BIND and UDP ASSOCIATE, no SOCKS4a (it answers 91).
 * Either without authentication or with RFC 1929 username/password checked against the system account
 * {@link LabUser}. Outbound connections (and BIND/UDP sockets) use the egress alias the caller gives.
 */
public final class Danted extends RealPeer {
  private final String egress;
  private final boolean auth;
  private int port;

  private Danted(String egress, boolean auth) {
    super(auth ? "danted-auth" : "danted", Lab.tempDir(auth ? "danted-auth" : "danted"));
    this.egress = egress;
    this.auth = auth;
  }

  /** A danted without authentication, connecting out from {@code egress} (a loopback alias like 127.0.0.11). */
  public static Danted start(String egress) {
    Lab.requireCommand("danted");
    Danted danted = new Danted(egress, false);
    danted.bringUp();
    return danted;
  }

  /**
   * A danted that requires RFC 1929 username/password ({@link #user()}, {@link #password()}); needs root, both to
   * create the system account and because danted reads the shadow file as {@code user.privileged: root}.
   */
  public static Danted startWithAuth(String egress) {
    Lab.requireCommand("danted");
    Lab.requireRoot("danted checks RFC 1929 passwords against the system shadow file");
    LabUser.ensure();
    Danted danted = new Danted(egress, true);
    danted.bringUp();
    return danted;
  }

  @Override
  protected void launch() {
    port = Lab.freePort();
    Path config = write("danted.conf", config(), PosixFilePermissions.fromString("rw-r--r--"));
    // No -D: in the foreground the PID we hold is the mother process, which takes its children down on SIGTERM.
    PeerProcess process = spawn("danted", List.of(Lab.requireCommand("danted").toString(), "-f", config.toString()));
    awaitPort(process, port);
  }

  private String config() {
    String method = auth ? "username" : "none";
    StringBuilder c = new StringBuilder()
        .append("logoutput: ").append(dir().resolve("danted-own.log")).append('\n')
        .append("internal: ").append(LISTEN_HOST).append(" port = ").append(port).append('\n')
        .append("external: ").append(egress).append('\n')
        .append("clientmethod: none\n")
        .append("socksmethod: ").append(method).append('\n');
    if (Lab.isRoot()) {
      // Required for socksmethod username (shadow passwords); harmless otherwise, and only root may switch users.
      c.append("user.privileged: root\nuser.unprivileged: nobody\n");
    }
    // 0/0, not 0.0.0.0/0: the latter matches IPv4 only.
    c.append("client pass {\n  from: 0/0 to: 0/0\n  log: error connect disconnect\n}\n")
        .append("socks pass {\n  from: 0/0 to: 0/0\n")
        .append("  command: bind connect udpassociate bindreply udpreply\n");
    if (auth) {
      c.append("  socksmethod: username\n");
    }
    c.append("  log: error connect disconnect\n}\n");
    return c.toString();
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
    return auth ? LabUser.NAME : null;
  }

  @Override
  public String password() {
    return auth ? LabUser.PASSWORD : null;
  }
}
