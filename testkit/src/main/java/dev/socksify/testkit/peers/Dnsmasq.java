package dev.socksify.testkit.peers;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real dnsmasq for tests: serves only the records it is given ({@code --no-resolv --no-hosts}, no
 * {@code /etc/dnsmasq.conf}), logs every query with the client address to its own file, and runs in the foreground as
 * a child process so it is stopped by its PID. On loopback (a free port picked at start) or inside a network
 * namespace the test created ({@code ip netns exec NAME}, port 53 by default).
 *
 * <p>Its query log is the proof that a name did, or did not, reach a resolver: {@link #queries()}.
 *
 * <pre>{@code
 * try (Dnsmasq dns = Dnsmasq.on("127.0.0.1").address("service.test", "10.201.0.7").local("test").start(dir)) {
 *   ... dns.port() ...
 *   assertEquals(List.of(), dns.queriesFor("service.test"));
 * }
 * }</pre>
 */
public final class Dnsmasq implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final int PORT_ATTEMPTS = 5;
  private static final Pattern QUERY = Pattern.compile("dnsmasq\\[\\d+\\]: query\\[(\\w+)\\] (\\S+) from (\\S+)\\s*$");

  /** One query dnsmasq logged: record type ({@code A}, {@code AAAA}, …), name, and the client address it came from. */
  public record Query(String type, String name, String client) {}

  private final Process process;
  private final String host;
  private final int port;
  private final Path log;

  private Dnsmasq(Process process, String host, int port, Path log) {
    this.process = process;
    this.host = host;
    this.port = port;
    this.log = log;
  }

  /** The dnsmasq executable, if installed ({@code PATH}, then {@code /usr/sbin}). */
  public static Optional<Path> binary() {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.add("/usr/sbin");
    dirs.add("/sbin");
    return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "dnsmasq")).filter(Files::isExecutable)
        .findFirst();
  }

  /** Starts building a dnsmasq that listens on {@code listenAddress} (an IP literal). */
  public static Builder on(String listenAddress) {
    return new Builder(listenAddress);
  }

  /** What to start; every option maps to one dnsmasq flag. */
  public static final class Builder {
    private final String host;
    private int port;
    private String netns;
    private final List<String> records = new ArrayList<>();

    private Builder(String host) {
      this.host = host;
    }

    /** A fixed port; without it a free port is picked on loopback, and 53 inside a namespace. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Run inside the existing network namespace {@code name} (needs root and {@code ip}). */
    public Builder netns(String name) {
      this.netns = name;
      return this;
    }

    /** {@code --address=/name/ip}: the name and everything under it answer {@code ip} (one family per call). */
    public Builder address(String name, String ip) {
      records.add("--address=/" + name + "/" + ip);
      return this;
    }

    /** {@code --host-record=name,ip,...}: exactly this name, A and AAAA as given, plus the reverse records. */
    public Builder hostRecord(String name, String... ips) {
      records.add("--host-record=" + name + "," + String.join(",", ips));
      return this;
    }

    /** {@code --local=/domain/}: names under it that have no record get NXDOMAIN instead of REFUSED. */
    public Builder local(String domain) {
      records.add("--local=/" + domain + "/");
      return this;
    }

    /** {@code --server=ip#port}: forward what it cannot answer (absent by default: nothing leaves dnsmasq). */
    public Builder upstream(String ip, int port) {
      records.add("--server=" + ip + "#" + port);
      return this;
    }

    /**
     * Starts dnsmasq, its log and stderr in {@code workDir}, and waits until it reports it is serving.
     *
     * @throws IOException dnsmasq is missing, exited (its stderr is in the message), or did not start in time
     */
    public Dnsmasq start(Path workDir) throws IOException {
      Files.createDirectories(workDir);
      IOException last = null;
      for (int attempt = 0; attempt < (port == 0 && netns == null ? PORT_ATTEMPTS : 1); attempt++) {
        int p = port != 0 ? port : netns != null ? 53 : freePort(host);
        try {
          return launch(workDir, p, attempt);
        } catch (PortTakenException e) {
          last = e; // another test took the port between our probe and dnsmasq's bind: pick again
        }
      }
      throw last;
    }

    private Dnsmasq launch(Path workDir, int p, int attempt) throws IOException {
      Path binary = binary().orElseThrow(() -> new IOException("dnsmasq is not installed (Debian package dnsmasq)"));
      Path log = workDir.resolve("dnsmasq-" + p + "-" + attempt + ".log");
      Path err = workDir.resolve("dnsmasq-" + p + "-" + attempt + ".err");
      List<String> cmd = new ArrayList<>();
      if (netns != null) {
        cmd.addAll(List.of("ip", "netns", "exec", netns));
      }
      cmd.addAll(List.of(binary.toString(), "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv",
          "--no-hosts", "--no-poll", "--pid-file=", "--cache-size=0", "--bind-interfaces",
          "--listen-address=" + host, "--port=" + p, "--log-queries", "--log-facility=" + log.toAbsolutePath()));
      if ("root".equals(System.getProperty("user.name"))) {
        // dnsmasq drops root for "nobody" by default, which then cannot write the log in a test directory
        cmd.addAll(List.of("--user=root", "--group=root"));
      }
      cmd.addAll(records);
      Process process = new ProcessBuilder(cmd).redirectErrorStream(false)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
      Dnsmasq dns = new Dnsmasq(process, host, p, log);
      try {
        dns.awaitStarted(err);
        return dns;
      } catch (IOException | RuntimeException e) {
        dns.close();
        throw e;
      }
    }
  }

  /** Thrown when dnsmasq could not bind the port picked for it. */
  private static final class PortTakenException extends IOException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }

  private void awaitStarted(Path err) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("started, version")) {
        return;
      }
      if (!process.isAlive()) {
        String why = Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8).trim() : "";
        String msg = "dnsmasq on " + host + ":" + port + " exited with " + process.exitValue() + ": " + why;
        throw why.contains("Address already in use") ? new PortTakenException(msg) : new IOException(msg);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting dnsmasq", e);
      }
    }
    throw new IOException("dnsmasq on " + host + ":" + port + " did not start within " + START_TIMEOUT);
  }

  /** A port free for both TCP and UDP on {@code host} right now. */
  private static int freePort(String host) throws IOException {
    InetAddress address = InetAddress.getByName(host);
    for (int k = 0; k < 20; k++) {
      try (ServerSocket tcp = new ServerSocket()) {
        tcp.bind(new InetSocketAddress(address, 0));
        int p = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, p))) {
          return p;
        } catch (IOException udpTaken) {
          // the UDP side of this port is in use; try another
        }
      }
    }
    throw new IOException("no port free for both TCP and UDP on " + host);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(host, port);
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return log;
  }

  /** Every query logged so far, in order (UDP and TCP alike). */
  public List<Query> queries() throws IOException {
    List<Query> out = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = QUERY.matcher(line);
      if (m.find()) {
        out.add(new Query(m.group(1), m.group(2), m.group(3)));
      }
    }
    return out;
  }

  /** The logged queries for {@code name} (any type, ignoring case and a trailing dot). */
  public List<Query> queriesFor(String name) throws IOException {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return queries().stream().filter(q -> q.name().equalsIgnoreCase(n)).toList();
  }

  /** Stops dnsmasq by its PID: SIGTERM, then SIGKILL if it has not exited within 5 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "dnsmasq pid " + process.pid() + " on " + host + ":" + port;
  }
}
