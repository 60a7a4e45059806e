package dev.socksify.testkit.peers;

import dev.socksify.testkit.Lab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * {@code ssh -D}: OpenSSH's dynamic forwarding, a SOCKS4, SOCKS4a and SOCKS5 server (CONNECT only, no
 * authentication; it closes the connection on BIND, UDP ASSOCIATE or a user/password-only offer). The test
 * runs its own {@code sshd} on a free loopback port with a fresh host key, and an {@code ssh -N -D} client
 * that logs in as {@link LabUser} with a fresh key pair. Needs root: sshd must start as root.
 *
 * <p>sshd has no option to choose the source address of forwarded connections: the kernel picks it, which for
 * a loopback destination is 127.0.0.1. So {@link #egress()} is 127.0.0.1 and cannot tell hops apart; put
 * {@code ssh -D} before another hop when a test needs to see where the chain left.
 */
public final class SshDynamic extends RealPeer {
  /** Where the kernel puts the source of sshd's forwarded connections to loopback destinations. */
  public static final String EGRESS = "127.0.0.1";

  private int sshdPort;
  private int socksPort;

  private SshDynamic() {
    super("ssh-D", Lab.tempDir("ssh"));
  }

  /** sshd plus an {@code ssh -N -D} client whose SOCKS port listens on loopback. */
  public static SshDynamic start() {
    Lab.requireRoot("sshd must start as root");
    Lab.requireCommand("sshd");
    Lab.requireCommand("ssh");
    Lab.requireCommand("ssh-keygen");
    LabUser.ensure();
    SshDynamic ssh = new SshDynamic();
    ssh.createKeys();
    ssh.bringUp();
    return ssh;
  }

  private void createKeys() {
    for (String key : List.of("host_key", "client_key")) {
      run("ssh-keygen", List.of(Lab.requireCommand("ssh-keygen").toString(), "-q", "-t", "ed25519", "-N", "",
          "-C", "socksify-lab", "-f", dir().resolve(key).toString()), null);
    }
    try {
      // sshd reads authorized_keys as the lab user (StrictModes off, so only read access matters).
      write("authorized_keys", Files.readString(dir().resolve("client_key.pub")),
          PosixFilePermissions.fromString("rw-r--r--"));
      // sshd refuses to start without its privilege separation directory, which a fresh machine may lack.
      Path privsep = Path.of("/run/sshd");
      if (!Files.isDirectory(privsep)) {
        Files.createDirectories(privsep, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwxr-xr-x")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare sshd files in " + dir(), e);
    }
  }

  @Override
  protected void launch() {
    sshdPort = Lab.freePort();
    socksPort = Lab.freePort();
    Path config = write("sshd_config", sshdConfig(), PosixFilePermissions.fromString("rw-r--r--"));
    // sshd re-executes itself, so it must be started by absolute path; -D: foreground, -e: log to stderr.
    PeerProcess sshd = spawn("sshd", List.of(Lab.requireCommand("sshd").toString(), "-D", "-e", "-f",
        config.toString()));
    awaitPort(sshd, sshdPort);
    String hostKey;
    try {
      hostKey = Files.readString(dir().resolve("host_key.pub")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the host key in " + dir(), e);
    }
    Path knownHosts = write("known_hosts", "[" + LISTEN_HOST + "]:" + sshdPort + " " + hostKey + "\n",
        PosixFilePermissions.fromString("rw-r--r--"));
    PeerProcess ssh = spawn("ssh", List.of(Lab.requireCommand("ssh").toString(),
        "-F", "/dev/null", "-N", "-D", LISTEN_HOST + ":" + socksPort,
        "-p", Integer.toString(sshdPort), "-i", dir().resolve("client_key").toString(),
        "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
        "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
        "-o", "ExitOnForwardFailure=yes", "-o", "LogLevel=VERBOSE",
        LabUser.NAME + "@" + LISTEN_HOST));
    awaitPort(ssh, socksPort);
  }

  private String sshdConfig() {
    return "ListenAddress " + LISTEN_HOST + ":" + sshdPort + "\n"
        + "HostKey " + dir().resolve("host_key") + "\n"
        + "PidFile none\n"
        + "AuthorizedKeysFile " + dir().resolve("authorized_keys") + "\n"
        + "AllowUsers " + LabUser.NAME + "\n"
        + "PubkeyAuthentication yes\n"
        + "PasswordAuthentication no\n"
        + "KbdInteractiveAuthentication no\n"
        + "PermitRootLogin no\n"
        // PAM would need a login session (pam_loginuid fails in containers); key auth needs none of it.
        + "UsePAM no\n"
        + "StrictModes no\n"
        + "AllowTcpForwarding yes\n"
        + "PermitOpen any\n"
        + "LogLevel VERBOSE\n";
  }

  /** The SOCKS port of {@code ssh -D}. */
  @Override
  public int port() {
    return socksPort;
  }

  /** The port of the test's own sshd. */
  public int sshdPort() {
    return sshdPort;
  }

  /** Always {@link #EGRESS}: see the class comment. */
  @Override
  public String scheme() {
    return "socks5h";
  }

  @Override
  public String egress() {
    return EGRESS;
  }
}
