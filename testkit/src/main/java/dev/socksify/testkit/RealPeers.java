package dev.socksify.testkit;

import dev.socksify.testkit.peers.Danted;
import dev.socksify.testkit.peers.Microsocks;
import dev.socksify.testkit.peers.RealPeer;
import dev.socksify.testkit.peers.Shadowsocks;
import dev.socksify.testkit.peers.SshDynamic;
import dev.socksify.testkit.peers.Tinyproxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real proxies a test class runs (danted, microsocks, {@code ssh -D}, tinyproxy, ss-local), started on
 * loopback with free ports and stopped by PID. Register it as a JUnit extension:
 *
 * <pre>{@code
 * @RegisterExtension static final RealPeers PEERS = new RealPeers();   // peers live for the class
 * ...
 * Danted a = PEERS.danted("127.0.0.11");
 * }</pre>
 *
 * A static field keeps the peers for the whole class (stopped after all tests), an instance field for one test.
 * When a test fails, every peer's log tail goes to the test output and its temp dir is kept. Outside JUnit it is
 * a plain {@link AutoCloseable} (scripts/lab uses it that way).
 */
public final class RealPeers
    implements AutoCloseable, BeforeAllCallback, AfterTestExecutionCallback, AfterEachCallback, AfterAllCallback {
  private final List<RealPeer> peers = new ArrayList<>();
  private boolean classScoped;

  /** Adopts an already started peer: it is stopped with the others and its log dumped on failure. */
  public synchronized <T extends RealPeer> T add(T peer) {
    peers.add(peer);
    return peer;
  }

  /** danted without authentication, SOCKS4 and SOCKS5, outbound from {@code egress}. */
  public Danted danted(String egress) {
    return add(Danted.start(egress));
  }

  /** danted with RFC 1929 authentication against the lab system user; needs root. */
  public Danted dantedWithAuth(String egress) {
    return add(Danted.startWithAuth(egress));
  }

  /** microsocks without authentication, outbound from {@code egress}. */
  public Microsocks microsocks(String egress) {
    return add(Microsocks.start(egress));
  }

  /** microsocks with RFC 1929 {@code user}/{@code password}, outbound from {@code egress}. */
  public Microsocks microsocks(String egress, String user, String password) {
    return add(Microsocks.startWithAuth(egress, user, password));
  }

  /** sshd plus {@code ssh -N -D}; egress is always 127.0.0.1. Needs root. */
  public SshDynamic sshDynamic() {
    return add(SshDynamic.start());
  }

  /** tinyproxy (HTTP CONNECT to any port), outbound from {@code egress}. */
  public Tinyproxy tinyproxy(String egress) {
    return add(Tinyproxy.start(egress));
  }

  /** ss-local (SOCKS5) in front of ss-server, which connects out from {@code egress}. */
  public Shadowsocks shadowsocks(String egress) {
    return add(Shadowsocks.start(egress));
  }

  /** The peers started so far, in start order. */
  public synchronized List<RealPeer> peers() {
    return List.copyOf(peers);
  }

  /** Every peer's name and log tail, for a failure report. */
  public synchronized String logs() {
    StringBuilder out = new StringBuilder();
    for (RealPeer peer : peers) {
      out.append("==== ").append(peer.name()).append(peer.isRunning() ? "" : " [stopped]").append(" in ")
          .append(peer.dir()).append('\n').append(peer.logs());
    }
    return out.toString();
  }

  /** Stops every peer (last started first) and deletes their temp dirs unless a test failed. */
  @Override
  public synchronized void close() {
    for (int i = peers.size() - 1; i >= 0; i--) {
      peers.get(i).close();
    }
    peers.clear();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // Only called for a static field: then the peers outlive each test.
    classScoped = true;
  }

  @Override
  public synchronized void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isEmpty() || peers.isEmpty()) {
      return;
    }
    peers.forEach(RealPeer::keepFiles);
    System.out.println("==== " + context.getDisplayName() + " failed; logs of the real peers:\n" + logs());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!classScoped) {
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }
}
