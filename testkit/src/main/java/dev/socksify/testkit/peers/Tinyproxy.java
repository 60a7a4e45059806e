package dev.socksify.testkit.peers;

import dev.socksify.testkit.Lab;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * tinyproxy 1.11: an HTTP proxy with CONNECT to any port (the config has no {@code ConnectPort} lines; Debian's
 * default allows only 443 and 563), outbound from the egress alias ({@code Bind}), open to all of 127.0.0.0/8 so
 * any previous hop may use it. Optionally with HTTP Basic authentication.
 */
public final class Tinyproxy extends RealPeer {
  private final String egress;
  private final String user;
  private final String password;
  private int port;

  private Tinyproxy(String egress, String user, String password) {
    super(user == null ? "tinyproxy" : "tinyproxy-auth", Lab.tempDir("tinyproxy"));
    this.egress = egress;
    this.user = user;
    this.password = password;
  }

  /** tinyproxy without authentication, connecting out from {@code egress} (IPv4 targets only: {@code Bind}). */
  public static Tinyproxy start(String egress) {
    return start(egress, null, null);
  }

  /** tinyproxy that requires HTTP Basic {@code user}/{@code password} ({@code BasicAuth}). */
  public static Tinyproxy startWithAuth(String egress, String user, String password) {
    if (user == null || password == null) {
      throw new IllegalArgumentException("user and password are both required");
    }
    return start(egress, user, password);
  }

  private static Tinyproxy start(String egress, String user, String password) {
    Lab.requireCommand("tinyproxy");
    Tinyproxy tinyproxy = new Tinyproxy(egress, user, password);
    tinyproxy.bringUp();
    return tinyproxy;
  }

  @Override
  protected void launch() {
    port = Lab.freePort();
    // 0600: the file may hold the BasicAuth password; tinyproxy reads it as root before dropping privileges.
    Path config = write("tinyproxy.conf", config(), PosixFilePermissions.fromString("rw-------"));
    // -d: foreground, and with no LogFile the log goes to stderr, i.e. into tinyproxy.log.
    awaitPort(spawn("tinyproxy", List.of(Lab.requireCommand("tinyproxy").toString(), "-d", "-c", config.toString())),
        port);
  }

  private String config() {
    StringBuilder c = new StringBuilder();
    if (Lab.isRoot()) {
      c.append("User nobody\nGroup nogroup\n");
    }
    c.append("Port ").append(port).append('\n')
        .append("Listen ").append(LISTEN_HOST).append('\n')
        .append("Bind ").append(egress).append('\n')
        .append("Timeout 60\n")
        .append("LogLevel Info\n")
        .append("MaxClients 100\n")
        .append("Allow 127.0.0.0/8\n");
    if (user != null) {
      c.append("BasicAuth ").append(user).append(' ').append(password).append('\n');
    }
    return c.toString();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String scheme() {
    return "http";
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
