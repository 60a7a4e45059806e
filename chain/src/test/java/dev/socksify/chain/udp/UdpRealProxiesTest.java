package dev.socksify.chain.udp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainMode;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.blocking.HopDialer;
import dev.socksify.chain.connect.HostResolver;
import dev.socksify.testkit.Lab;
import dev.socksify.testkit.UdpEchoServer;
import dev.socksify.testkit.peers.Danted;
import dev.socksify.testkit.peers.Microsocks;
import dev.socksify.testkit.peers.RealPeer;
import dev.socksify.testkit.peers.Shadowsocks;
import dev.socksify.testkit.peers.SshDynamic;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UDP through real proxies on loopback: danted alone, two danted hops nested, ss-local, and the refusals of
 * microsocks. Each danted connects out from its own alias, so the echo's {@code peer=} shows the last hop.
 */
class UdpRealProxiesTest {
  /** Bounds every wait so a broken relay fails the test instead of hanging it; not a performance threshold. */
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String EGRESS_A = "127.0.0.11";
  private static final String EGRESS_B = "127.0.0.12";
  private static final String EGRESS_SS = "127.0.0.31";

  private static Danted dantedA;
  private static Danted dantedB;
  private static UdpEchoServer echo;

  @BeforeAll
  static void start() throws IOException {
    dantedA = Danted.start(EGRESS_A);
    dantedB = Danted.start(EGRESS_B);
    echo = UdpEchoServer.start();
  }

  @AfterAll
  static void stop() throws IOException {
    for (AutoCloseable c : new AutoCloseable[] {echo, dantedB, dantedA}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // stop the others regardless
      }
    }
  }

  private static Chain chain(Hop... hops) {
    return Chain.strict("udp test", List.of(hops));
  }

  private static Hop socks5(RealPeer peer) {
    return new Hop(ProxyType.SOCKS5, peer.host(), peer.port());
  }

  /** Sends {@code text} to the echo and returns the reply, checking that it reports the echo as sender. */
  private static String roundTrip(BlockingUdpChannel channel, String text) throws IOException {
    channel.send(ByteBuffer.wrap(text.getBytes(US_ASCII)), echo.address());
    ByteBuffer reply = ByteBuffer.allocate(UdpLimits.RECEIVE_BUFFER);
    InetSocketAddress sender = channel.receive(reply, WAIT);
    assertEquals(echo.address(), sender, "the reply names the real remote sender");
    return new String(reply.array(), 0, reply.position(), US_ASCII);
  }

  @Test
  void oneDantedHopRelaysBothWays() throws Exception {
    try (BlockingUdpChannel channel = BlockingUdpChannel.open(chain(socks5(dantedA)))) {
      String reply = roundTrip(channel, "hello");
      assertTrue(Pattern.matches("peer=127\\.0\\.0\\.11:\\d+ hello", reply), reply);
      assertEquals(1, channel.association().relays().size());
    }
  }

  @Test
  void twoDantedHopsNestTheAssociationAndUnwrapTwice() throws Exception {
    try (BlockingUdpChannel channel = BlockingUdpChannel.open(chain(socks5(dantedA), socks5(dantedB)))) {
      String reply = roundTrip(channel, "through two hops");
      assertTrue(Pattern.matches("peer=127\\.0\\.0\\.12:\\d+ through two hops", reply), reply);
      assertEquals(2, channel.association().encapsulation().depth());
      assertEquals(1, channel.stats().receivedCount());
    }
  }

  @Test
  void ssLocalRelaysUdp() throws Exception {
    try (Shadowsocks ss = Shadowsocks.start(EGRESS_SS);
        BlockingUdpChannel channel = BlockingUdpChannel.open(chain(socks5(ss)))) {
      String reply = roundTrip(channel, "via shadowsocks");
      assertTrue(Pattern.matches("peer=127\\.0\\.0\\.31:\\d+ via shadowsocks", reply), reply);
    }
  }

  @Test
  void dantedThenSsLocalNest() throws Exception {
    try (Shadowsocks ss = Shadowsocks.start(EGRESS_SS);
        BlockingUdpChannel channel = BlockingUdpChannel.open(chain(socks5(dantedA), socks5(ss)))) {
      String reply = roundTrip(channel, "danted then shadowsocks");
      assertTrue(Pattern.matches("peer=127\\.0\\.0\\.31:\\d+ danted then shadowsocks", reply), reply);
    }
  }

  @Test
  void datagramsAtTheSizeLimitPassBothHops() throws Exception {
    try (BlockingUdpChannel channel = BlockingUdpChannel.open(chain(socks5(dantedA), socks5(dantedB)))) {
      int max = channel.maxPayload(echo.address());
      assertEquals(UdpLimits.MAX_IPV4_PAYLOAD - 2 * 10, max, "two IPv4 headers of 10 bytes");
      int prefix = roundTrip(channel, "x").length() - 1;
      drainEcho();

      // The largest datagram arrives intact; its echo would not fit, so the echo answers with its length.
      byte[] largest = random(max);
      channel.send(ByteBuffer.wrap(largest), echo.address());
      UdpEchoServer.Received atEcho = takeEcho();
      assertArrayEquals(largest, atEcho.payload());
      assertTrue(receiveText(channel).endsWith(" len=" + max));

      // The largest datagram whose echo still fits comes back whole, wrapped twice on the way back.
      byte[] echoable = random(max - prefix);
      channel.send(ByteBuffer.wrap(echoable), echo.address());
      ByteBuffer reply = ByteBuffer.allocate(UdpLimits.RECEIVE_BUFFER);
      assertEquals(echo.address(), channel.receive(reply, WAIT));
      assertEquals(max, reply.position());
      assertArrayEquals(echoable, Arrays.copyOfRange(reply.array(), prefix, max));

      DatagramTooLargeException tooLarge = assertThrows(DatagramTooLargeException.class,
          () -> channel.send(ByteBuffer.wrap(new byte[max + 1]), echo.address()));
      assertTrue(tooLarge.getMessage().contains("at most " + max), tooLarge.getMessage());
      assertEquals(3, channel.stats().sentCount(), "the refused datagram was not sent");
    }
  }

  @Test
  void twoThousandDatagramsArriveWithoutLossThroughTwoHops() throws Exception {
    int total = 2_000;
    // A window of outstanding datagrams keeps the relays' socket buffers from overflowing; loopback loses
    // nothing else, so every datagram must come back exactly once.
    int window = 32;
    boolean[] seen = new boolean[total];
    try (BlockingUdpChannel channel = BlockingUdpChannel.open(chain(socks5(dantedA), socks5(dantedB)))) {
      int sent = 0;
      int received = 0;
      ByteBuffer reply = ByteBuffer.allocate(UdpLimits.RECEIVE_BUFFER);
      while (received < total) {
        while (sent < total && sent - received < window) {
          channel.send(ByteBuffer.wrap(("seq " + sent).getBytes(US_ASCII)), echo.address());
          sent++;
        }
        reply.clear();
        assertEquals(echo.address(), channel.receive(reply, WAIT));
        String text = new String(reply.array(), 0, reply.position(), US_ASCII);
        int seq = Integer.parseInt(text.substring(text.indexOf(" seq ") + 5));
        assertFalse(seen[seq], "datagram " + seq + " came back twice");
        seen[seq] = true;
        received++;
      }
      assertEquals(total, channel.stats().receivedCount());
      assertEquals(0, channel.stats().dropped().values().stream().mapToLong(Long::longValue).sum());
    }
  }

  @Test
  void microsocksRefusesUdpAsUnsupported() throws Exception {
    try (Microsocks microsocks = Microsocks.start("127.0.0.21")) {
      UdpUnsupportedException e = assertThrows(UdpUnsupportedException.class,
          () -> UdpAssociation.open(chain(socks5(microsocks))));
      assertEquals("hop 1 socks5 127.0.0.1:" + microsocks.port() + " -> udp associate: command not supported (0x07)",
          e.getMessage());
      UdpUnsupportedException second = assertThrows(UdpUnsupportedException.class,
          () -> UdpAssociation.open(chain(socks5(dantedA), socks5(microsocks))));
      assertEquals(2, second.index());
      assertTrue(second.getMessage().startsWith("hop 2 socks5 127.0.0.1:" + microsocks.port() + " -> udp associate: "),
          second.getMessage());
    }
  }

  @Test
  void sshDynamicForwardingClosesOnUdpAssociateWhichMeansUnsupported() throws Exception {
    try (SshDynamic ssh = SshDynamic.start()) {
      UdpUnsupportedException e = assertThrows(UdpUnsupportedException.class,
          () -> UdpAssociation.open(chain(socks5(dantedA), socks5(ssh))));
      assertEquals(2, e.index());
      assertEquals("hop 2 socks5 127.0.0.1:" + ssh.port() + " -> udp associate: proxy closed the connection"
          + " (no UDP support, as ssh -D and ss-local without -u answer)", e.getMessage());
    }
  }

  @Test
  void aDynamicChainGoesAroundADeadHopAStrictOneFails() throws Exception {
    Hop dead = new Hop(ProxyType.SOCKS5, "127.0.0.1", Lab.freePort());
    Chain dynamic = new Chain("udp dynamic", List.of(dead, socks5(dantedA)), ChainMode.dynamic());
    try (BlockingUdpChannel channel = BlockingUdpChannel.open(dynamic)) {
      assertEquals(List.of(socks5(dantedA)), channel.association().relays().stream().map(Relay::hop).toList());
      assertTrue(roundTrip(channel, "around").startsWith("peer=127.0.0.11:"));
    }
    HopUnreachableException e = assertThrows(HopUnreachableException.class,
        () -> UdpAssociation.open(chain(dead, socks5(dantedA))));
    assertEquals(1, e.context().index());
    assertTrue(e.getMessage().contains("cannot connect to proxy"), e.getMessage());
  }

  @Test
  void aControlConnectionWithoutAChannelIsWatchedToo() throws Exception {
    // A dialer of plain sockets (as the agent's may be) cannot join the selector; its controls get a watching
    // thread each, and a hop that dies still ends the association.
    ControlConnector plainSockets = ControlConnector.blocking(HopDialer.socket(), HostResolver.system());
    try (Danted dantedC = Danted.start("127.0.0.13");
        BlockingUdpChannel channel = BlockingUdpChannel.open(
            UdpAssociation.open(chain(socks5(dantedC)), plainSockets))) {
      roundTrip(channel, "before the hop dies");
      CountDownLatch ended = new CountDownLatch(1);
      channel.association().onClose(reason -> ended.countDown());
      dantedC.stop();
      assertTrue(ended.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "association did not notice hop 1 ending");
      assertEquals("hop 1 socks5 127.0.0.1:" + dantedC.port() + " control connection closed by the proxy",
          channel.association().closedBecause());
    }
  }

  @Test
  void closingTheAssociationEndsTheRelay() throws Exception {
    BlockingUdpChannel channel = BlockingUdpChannel.open(chain(socks5(dantedA)));
    InetSocketAddress relay = channel.association().encapsulation().sendTo();
    try {
      roundTrip(channel, "before close");
      assertThrows(BindException.class, () -> bind(relay).close(), "danted holds the relay port while open");
    } finally {
      channel.close();
    }
    assertFalse(channel.isOpen());
    UdpAssociationClosedException e = assertThrows(UdpAssociationClosedException.class,
        () -> channel.send(ByteBuffer.wrap(new byte[1]), echo.address()));
    assertEquals("udp association closed: closed", e.getMessage());
    // danted frees the relay once it sees the control connection close; poll a bounded number of times.
    DatagramChannel freed = null;
    for (int attempt = 0; attempt < 200 && freed == null; attempt++) {
      try {
        freed = bind(relay);
      } catch (BindException stillHeld) {
        Thread.sleep(50);
      }
    }
    assertNotNull(freed, "danted still holds relay " + relay + " after the association closed");
    freed.close();
  }

  @Test
  void aDroppedControlConnectionEndsTheAssociation() throws Exception {
    try (Danted dantedC = Danted.start("127.0.0.13");
        BlockingUdpChannel channel = BlockingUdpChannel.open(chain(socks5(dantedA), socks5(dantedC)))) {
      roundTrip(channel, "before the hop dies");
      CountDownLatch ended = new CountDownLatch(1);
      channel.association().onClose(reason -> ended.countDown());
      dantedC.stop();
      assertTrue(ended.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "association did not notice hop 2 ending");
      UdpAssociationClosedException e = assertThrows(UdpAssociationClosedException.class,
          () -> channel.send(ByteBuffer.wrap(new byte[1]), echo.address()));
      assertEquals("udp association closed: hop 2 socks5 127.0.0.1:" + dantedC.port()
          + " control connection closed by the proxy", e.getMessage());
      assertThrows(UdpAssociationClosedException.class, () -> channel.receive(ByteBuffer.allocate(10), WAIT));
    }
  }

  private static DatagramChannel bind(InetSocketAddress address) throws IOException {
    DatagramChannel channel = DatagramChannel.open();
    try {
      channel.bind(address);
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  private static String receiveText(BlockingUdpChannel channel) throws IOException {
    ByteBuffer reply = ByteBuffer.allocate(UdpLimits.RECEIVE_BUFFER);
    assertEquals(echo.address(), channel.receive(reply, WAIT));
    return new String(reply.array(), 0, reply.position(), US_ASCII);
  }

  private static UdpEchoServer.Received takeEcho() throws InterruptedException {
    UdpEchoServer.Received received = echo.takeReceived(WAIT);
    assertNotNull(received, "the echo received nothing");
    return received;
  }

  private static void drainEcho() throws InterruptedException {
    while (echo.takeReceived(Duration.ZERO) != null) {
      // earlier tests' datagrams
    }
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
