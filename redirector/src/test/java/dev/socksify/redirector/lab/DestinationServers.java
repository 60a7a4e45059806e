package dev.socksify.redirector.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * The servers the unmodified clients talk to, in the destination namespace. Ports are fixed because the
 * namespace is this test's own (nothing else can bind in it); every service listens on IPv4 and IPv6.
 */
public final class DestinationServers {
  public static final int HTTP = 8080;
  public static final int WHOAMI = 8081;
  public static final int SSH = 2222;
  public static final int IPERF = 5201;
  public static final int BLOB_BYTES = 20_000_000;
  private static final Duration START = Duration.ofSeconds(30);

  public final Path www;
  public final String blobSha256;
  public final Path sshKey;

  private DestinationServers(Path www, String blobSha256, Path sshKey) {
    this.www = www;
    this.blobSha256 = blobSha256;
    this.sshKey = sshKey;
  }

  /** HTTP (a blob and a dumb git repository), whoami, sshd and iperf3 in the lab's destination namespace. */
  public static DestinationServers start(RedirectLab lab) throws Exception {
    Netns d = lab.destination;
    DestinationServers http = startHttp(lab);
    makeGitRepository(d, http.www);
    String py = Scripts.python();
    d.spawn("whoami", lab.log("whoami"), List.of(py, Scripts.path("whoami_server.py"), Integer.toString(WHOAMI)))
        .awaitListening(d, WHOAMI, START);
    Path key = startSshd(lab);
    d.spawn("iperf3", lab.log("iperf3"), List.of(Tools.path("iperf3"), "-s", "-p", Integer.toString(IPERF)))
        .awaitListening(d, IPERF, START);
    return new DestinationServers(http.www, http.blobSha256, key);
  }

  /** Only the HTTP server with the blob (no ssh: {@link #ssh} is unusable on the result). */
  public static DestinationServers startHttp(RedirectLab lab) {
    Netns d = lab.destination;
    Path www = lab.dir("www");
    d.run("sh", "-c", "head -c " + BLOB_BYTES + " /dev/urandom > " + www + "/blob");
    String sha = d.run("sha256sum", www + "/blob").split(" ")[0];
    d.spawn("http", lab.log("http"), List.of(Scripts.python(), "-m", "http.server", "--bind", "::", "--directory",
        www.toString(), Integer.toString(HTTP))).awaitListening(d, HTTP, START);
    return new DestinationServers(www, sha, null);
  }

  /** curl's output piped through sha256sum, from {@code ns}. */
  public static String curlSha(Netns ns, String host) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return ns.run("sh", "-c", "curl -sS --max-time 60 http://" + h + ":" + HTTP + "/blob | sha256sum")
        .split(" ")[0];
  }

  /** A bare repository served the "dumb" way: static files after {@code git update-server-info}. */
  private static void makeGitRepository(Netns d, Path www) {
    Path work = www.resolve("work");
    d.run("sh", "-c", "set -e; git init -q " + work + "; cd " + work
        + "; echo 'through the chain' > README; git add README;"
        + " git -c user.name=lab -c user.email=lab@example.invalid commit -qm first;"
        + " git clone -q --bare " + work + " " + www + "/repo.git; cd " + www + "/repo.git;"
        + " git update-server-info");
  }

  private static Path startSshd(RedirectLab lab) throws Exception {
    Netns d = lab.destination;
    Path dir = lab.dir("ssh");
    Path hostKey = dir.resolve("host_key");
    Path clientKey = dir.resolve("client_key");
    d.run(Tools.path("ssh-keygen"), "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString());
    d.run(Tools.path("ssh-keygen"), "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString());
    Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
    Path privsep = Path.of("/run/sshd");
    if (!Files.isDirectory(privsep)) {
      // sshd refuses to start without its privilege separation directory (Debian's service creates it)
      Files.createDirectories(privsep, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
          "rwxr-xr-x")));
    }
    Path config = NsPeers.write(dir, "sshd_config", "ListenAddress 0.0.0.0:" + SSH + "\nListenAddress [::]:" + SSH
        + "\nHostKey " + hostKey + "\nPidFile " + dir.resolve("sshd.pid") + "\nAuthorizedKeysFile "
        + dir.resolve("authorized_keys") + "\nPermitRootLogin prohibit-password\nPubkeyAuthentication yes\n"
        + "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n");
    // sshd re-executes itself, so by absolute path; -D foreground, -e log to stderr
    d.spawn("sshd", lab.log("sshd"), List.of(Tools.path("sshd"), "-D", "-e", "-f", config.toString()))
        .awaitListening(d, SSH, START);
    return clientKey;
  }

  /** The ssh client command line for {@code host}, non-interactive. */
  public List<String> ssh(String host, String remoteCommand) {
    return List.of(Tools.path("ssh"), "-F", "/dev/null", "-i", sshKey.toString(), "-p", Integer.toString(SSH),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
        "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=20", "-o", "LogLevel=ERROR", "root@" + host,
        remoteCommand);
  }
}
