package dev.socksify.testkit.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.testkit.RealPeers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each launcher brings up a working proxy: a hand-written client (no chain engine) gets through it to a loopback
 * destination, which sees the connection leave from the peer's egress alias.
 */
class RealPeersSmokeTest {
  @RegisterExtension final RealPeers peers = new RealPeers();

  private PeerReporter destination;

  @BeforeEach
  void startDestination() throws IOException {
    destination = new PeerReporter();
  }

  @AfterEach
  void stopDestination() throws IOException {
    destination.close();
  }

  @Test
  void dantedSocks5AndSocks4() throws IOException {
    Danted danted = peers.danted("127.0.0.11");
    try (Socket s = RawSocks.open(danted)) {
      assertEquals(0, RawSocks.socks5Connect(s, destination.port(), null, null));
      assertEquals("127.0.0.11", RawSocks.reportedPeerIp(s));
    }
    try (Socket s = RawSocks.open(danted)) {
      assertEquals(90, RawSocks.socks4Connect(s, null, destination.port()));
      assertEquals("127.0.0.11", RawSocks.reportedPeerIp(s));
    }
  }

  @Test
  void dantedChecksTheSystemPassword() throws IOException {
    Danted danted = peers.dantedWithAuth("127.0.0.13");
    try (Socket s = RawSocks.open(danted)) {
      assertEquals(0, RawSocks.socks5Connect(s, destination.port(), danted.user(), danted.password()));
      assertEquals("127.0.0.13", RawSocks.reportedPeerIp(s));
    }
    try (Socket s = RawSocks.open(danted)) {
      int status = RawSocks.socks5Connect(s, destination.port(), danted.user(), "wrong-" + danted.password());
      assertTrue(status > 0x100, "wrong password must fail RFC 1929, got " + status);
    }
  }

  @Test
  void microsocksWithAndWithoutAuth() throws IOException {
    Microsocks open = peers.microsocks("127.0.0.21");
    Microsocks auth = peers.microsocks("127.0.0.22", "alice", "pw-of-alice");
    try (Socket s = RawSocks.open(open)) {
      assertEquals(0, RawSocks.socks5Connect(s, destination.port(), null, null));
      assertEquals("127.0.0.21", RawSocks.reportedPeerIp(s));
    }
    try (Socket s = RawSocks.open(auth)) {
      assertEquals(0, RawSocks.socks5Connect(s, destination.port(), "alice", "pw-of-alice"));
      assertEquals("127.0.0.22", RawSocks.reportedPeerIp(s));
    }
    try (Socket s = RawSocks.open(auth)) {
      assertTrue(RawSocks.socks5Connect(s, destination.port(), "alice", "wrong") > 0x100);
    }
  }

  @Test
  void microsocksKeepsThePasswordOutOfPs() throws IOException {
    Microsocks auth = peers.microsocks("127.0.0.22", "alice", "pw-of-alice");
    for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
      String cmdline = Files.exists(procCmdline(p)) ? readCmdline(p) : "";
      assertFalse(cmdline.contains("pw-of-alice"), "password visible in ps: pid " + p.pid());
    }
    assertTrue(auth.isRunning());
  }

  @Test
  void sshDynamicSpeaksSocks5AndSocks4a() throws IOException {
    SshDynamic ssh = peers.sshDynamic();
    try (Socket s = RawSocks.open(ssh)) {
      assertEquals(0, RawSocks.socks5Connect(s, destination.port(), null, null));
      assertEquals(SshDynamic.EGRESS, RawSocks.reportedPeerIp(s));
    }
    try (Socket s = RawSocks.open(ssh)) {
      assertEquals(90, RawSocks.socks4Connect(s, "localhost", destination.port()));
      assertEquals(SshDynamic.EGRESS, RawSocks.reportedPeerIp(s));
    }
  }

  @Test
  void tinyproxyConnectsToAnyPort() throws IOException {
    Tinyproxy tinyproxy = peers.tinyproxy("127.0.0.41");
    try (Socket s = RawSocks.open(tinyproxy)) {
      assertEquals(200, RawSocks.httpConnect(s, destination.port(), null));
      assertEquals("127.0.0.41", RawSocks.reportedPeerIp(s));
    }
  }

  @Test
  void tinyproxyWithBasicAuth() throws IOException {
    Tinyproxy tinyproxy = peers.add(Tinyproxy.startWithAuth("127.0.0.42", "bob", "pw-of-bob"));
    String good = Base64.getEncoder().encodeToString("bob:pw-of-bob".getBytes(StandardCharsets.UTF_8));
    try (Socket s = RawSocks.open(tinyproxy)) {
      assertEquals(407, RawSocks.httpConnect(s, destination.port(), null));
    }
    try (Socket s = RawSocks.open(tinyproxy)) {
      assertEquals(200, RawSocks.httpConnect(s, destination.port(), good));
      assertEquals("127.0.0.42", RawSocks.reportedPeerIp(s));
    }
  }

  @Test
  void shadowsocksLocalSpeaksSocks5() throws IOException {
    Shadowsocks ss = peers.shadowsocks("127.0.0.31");
    try (Socket s = RawSocks.open(ss)) {
      assertEquals(0, RawSocks.socks5Connect(s, destination.port(), null, null));
      assertEquals("127.0.0.31", RawSocks.reportedPeerIp(s));
    }
  }

  @Test
  void stopClosesThePortAndEndsTheProcesses() throws IOException {
    Danted danted = peers.danted("127.0.0.12");
    assertTrue(danted.isRunning());
    danted.stop();
    assertFalse(danted.isRunning());
    assertThrows(ConnectException.class, () -> RawSocks.open(danted).close());
    assertTrue(Files.isDirectory(danted.dir()), "stop keeps the logs until close");
    danted.close();
    assertFalse(Files.exists(danted.dir()));
  }

  private static java.nio.file.Path procCmdline(ProcessHandle p) {
    return java.nio.file.Path.of("/proc", Long.toString(p.pid()), "cmdline");
  }

  private static String readCmdline(ProcessHandle p) {
    try {
      return new String(Files.readAllBytes(procCmdline(p)), StandardCharsets.UTF_8);
    } catch (IOException gone) {
      return "";
    }
  }
}
