package dev.socksify.testkit.peers;

import dev.socksify.testkit.Lab;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * A shadowsocks-libev pair: {@code ss-local} is the SOCKS5 server clients talk to (CONNECT, and UDP ASSOCIATE
 * with {@code -u}; no SOCKS4, no BIND, EOF on unsupported commands), {@code ss-server} is its upstream and
 * connects out from the egress alias ({@code -b}). The two share a random key (chacha20-ietf-poly1305) kept in
 * a config file, never on a command line.
 */
public final class Shadowsocks extends RealPeer {
  /** The AEAD cipher both sides use. */
  public static final String METHOD = "chacha20-ietf-poly1305";

  private final String egress;
  private int serverPort;
  private int localPort;

  private Shadowsocks(String egress) {
    super("ss-local", Lab.tempDir("shadowsocks"));
    this.egress = egress;
  }

  /** ss-server (outbound from {@code egress}) and ss-local (SOCKS5 on loopback), both with UDP relay. */
  public static Shadowsocks start(String egress) {
    Lab.requireCommand("ss-server");
    Lab.requireCommand("ss-local");
    Shadowsocks shadowsocks = new Shadowsocks(egress);
    shadowsocks.bringUp();
    return shadowsocks;
  }

  @Override
  protected void launch() {
    serverPort = Lab.freePort();
    localPort = Lab.freePort();
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    Path config = write("ss.json", "{\"password\": \"" + Base64.getEncoder().encodeToString(key)
        + "\", \"method\": \"" + METHOD + "\", \"timeout\": 60}\n", PosixFilePermissions.fromString("rw-------"));
    PeerProcess server = spawn("ss-server", List.of(Lab.requireCommand("ss-server").toString(),
        "-c", config.toString(), "-s", LISTEN_HOST, "-p", Integer.toString(serverPort), "-b", egress, "-u", "-v"));
    awaitPort(server, serverPort);
    PeerProcess local = spawn("ss-local", List.of(Lab.requireCommand("ss-local").toString(),
        "-c", config.toString(), "-s", LISTEN_HOST, "-p", Integer.toString(serverPort),
        "-b", LISTEN_HOST, "-l", Integer.toString(localPort), "-u", "-v"));
    awaitPort(local, localPort);
  }

  /** The SOCKS5 port of ss-local. */
  @Override
  public int port() {
    return localPort;
  }

  /** The port of ss-server (speaks shadowsocks, not SOCKS). */
  public int serverPort() {
    return serverPort;
  }

  @Override
  public String scheme() {
    return "socks5";
  }

  @Override
  public String egress() {
    return egress;
  }
}
