package dev.socksify.chain.realpeers;

import static dev.socksify.chain.realpeers.RealPeerChains.TIMEOUTS;
import static dev.socksify.chain.realpeers.RealPeerChains.connect;
import static dev.socksify.chain.realpeers.RealPeerChains.hop;
import static dev.socksify.chain.realpeers.RealPeerChains.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.blocking.BlockingTransport;
import dev.socksify.chain.blocking.BlockingTunnel;
import dev.socksify.chain.blocking.SocketTransport;
import dev.socksify.chain.protocol.ClientHandshake;
import dev.socksify.chain.protocol.socks4.Socks4Handshake;
import dev.socksify.chain.protocol.socks5.Socks5Bind;
import dev.socksify.chain.protocol.socks5.Socks5UdpAssociate;
import dev.socksify.chain.protocol.socks5.Socks5UdpDatagram;
import dev.socksify.chain.protocol.socks5.Socks5UdpHeader;
import dev.socksify.testkit.RealPeers;
import dev.socksify.testkit.peers.Danted;
import dev.socksify.testkit.peers.Microsocks;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * danted's BIND (SOCKS5 and SOCKS4, both replies, then the peer's stream) and UDP ASSOCIATE (a datagram wrapped
 * in the SOCKS5 UDP header goes out through the relay to a UDP echo and the reply comes back wrapped), driven with
 * the chain's protocol state machines.
 */
class DantedBindAndUdpTest {
  @RegisterExtension static final RealPeers PEERS = new RealPeers();

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static Danted danted;
  private static Microsocks microsocks;

  @BeforeAll
  static void start() {
    danted = PEERS.danted("127.0.0.11");
    microsocks = PEERS.microsocks("127.0.0.21");
  }

  @Test
  void socks5BindGivesBothRepliesAndThePeersStream() throws IOException {
    Hop hop = hop(ProxyType.SOCKS5, danted);
    try (SocketTransport control = SocketTransport.open(danted.address(), TIMEOUTS.connect())) {
      bindAndAcceptPeer(control, hop, 1);
    }
  }

  @Test
  void socks5BindThroughAChain() throws IOException {
    // microsocks CONNECTs us to danted, which then BINDs: the second hop of a chain, in its own protocol.
    Hop bindHop = hop(ProxyType.SOCKS5, danted);
    try (BlockingTunnel tunnel = connect(strict(hop(ProxyType.SOCKS5, microsocks)), bindHop.address())) {
      bindAndAcceptPeer(tunnel.transport(), bindHop, 2);
    }
  }

  private static void bindAndAcceptPeer(BlockingTransport control, Hop hop, int index) throws IOException {
    try (Socket peer = new Socket()) {
      peer.bind(new InetSocketAddress(LOOPBACK, 0));
      InetSocketAddress expectedPeer = (InetSocketAddress) peer.getLocalSocketAddress();
      HopContext context = new HopContext(index, hop, expectedPeer);

      Socks5Bind bind = Handshakes.run(control, context, Socks5Bind.bind(context));
      InetSocketAddress listening = bind.boundAddress();
      assertEquals(danted.egress(), listening.getAddress().getHostAddress(), "BIND listens on the egress alias");

      peer.connect(listening, (int) TIMEOUTS.connect().toMillis());
      ClientHandshake second = Handshakes.run(control, context, bind.awaitPeer());
      assertEquals(expectedPeer, second.boundAddress(), "second reply names the peer that connected");

      assertBytesFlowBothWays(control, peer);
    }
  }

  @Test
  void socks4BindGivesBothReplies() throws IOException {
    Hop hop = hop(ProxyType.SOCKS4, danted);
    try (SocketTransport control = SocketTransport.open(danted.address(), TIMEOUTS.connect());
        Socket peer = new Socket()) {
      peer.bind(new InetSocketAddress(LOOPBACK, 0));
      InetSocketAddress expectedPeer = (InetSocketAddress) peer.getLocalSocketAddress();
      HopContext context = new HopContext(1, hop, expectedPeer);

      Socks4Handshake bind = Handshakes.run(control, context, Socks4Handshake.bind(context, false));
      InetSocketAddress listening = bind.boundAddress();
      // SOCKS4 may answer 0.0.0.0, meaning "the proxy's own address".
      InetSocketAddress reachable = listening.getAddress().isAnyLocalAddress()
          ? new InetSocketAddress(danted.host(), listening.getPort()) : listening;
      peer.connect(reachable, (int) TIMEOUTS.connect().toMillis());
      Handshakes.run(control, context, bind.awaitPeer());

      assertBytesFlowBothWays(control, peer);
    }
  }

  private static void assertBytesFlowBothWays(BlockingTransport control, Socket peer) throws IOException {
    peer.setSoTimeout((int) TIMEOUTS.read().toMillis());
    peer.getOutputStream().write("from the peer".getBytes(StandardCharsets.US_ASCII));
    assertEquals("from the peer", new String(readExactly(control, 13), StandardCharsets.US_ASCII));
    control.write(ByteBuffer.wrap("to the peer".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("to the peer", new String(peer.getInputStream().readNBytes(11), StandardCharsets.US_ASCII));
  }

  @Test
  void udpAssociateRelaysAWrappedDatagramAndItsReply() throws IOException, InterruptedException {
    Hop hop = hop(ProxyType.SOCKS5, danted);
    try (UdpEcho echo = new UdpEcho();
        DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        SocketTransport control = SocketTransport.open(danted.address(), TIMEOUTS.connect())) {
      client.setSoTimeout((int) TIMEOUTS.read().toMillis());
      HopContext context = new HopContext(1, hop, echo.address());
      Socks5UdpAssociate associate = Handshakes.run(control, context, Socks5UdpAssociate.associate(context));
      InetSocketAddress relay = associate.relayAddress(LOOPBACK);

      byte[] payload = "datagram via danted".getBytes(StandardCharsets.US_ASCII);
      ByteBuffer wrapped = Socks5UdpHeader.encode(echo.address(), ByteBuffer.wrap(payload));
      client.send(new DatagramPacket(wrapped.array(), wrapped.arrayOffset(), wrapped.remaining(), relay));

      DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
      client.receive(reply);
      assertEquals(relay, reply.getSocketAddress(), "the reply comes from the relay");
      Socks5UdpDatagram unwrapped = Socks5UdpHeader.decode(
          ByteBuffer.wrap(reply.getData(), reply.getOffset(), reply.getLength())).orElseThrow();
      assertEquals(echo.address(), unwrapped.address(), "the reply's header names the echo as its origin");
      byte[] echoed = new byte[unwrapped.payload().remaining()];
      unwrapped.payload().get(echoed);
      assertEquals("echo " + danted.egress() + " datagram via danted", new String(echoed, StandardCharsets.US_ASCII),
          "the echo got the payload unwrapped, from danted's egress alias");
    }
  }

  private static byte[] readExactly(BlockingTransport transport, int n) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(n);
    while (buffer.hasRemaining()) {
      if (transport.read(buffer, TIMEOUTS.read()) < 0) {
        throw new IOException("EOF after " + buffer.position() + " of " + n + " bytes");
      }
    }
    return buffer.array();
  }

  /** A UDP echo on loopback that prefixes each reply with {@code echo SENDER-IP }, so the test sees the egress. */
  private static final class UdpEcho implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    UdpEcho() throws IOException {
      socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
      thread = new Thread(this::serve, "udp-echo-" + socket.getLocalPort());
      thread.setDaemon(true);
      thread.start();
    }

    InetSocketAddress address() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
      byte[] buffer = new byte[2048];
      while (!socket.isClosed()) {
        try {
          DatagramPacket in = new DatagramPacket(buffer, buffer.length);
          socket.receive(in);
          byte[] prefix = ("echo " + in.getAddress().getHostAddress() + " ").getBytes(StandardCharsets.US_ASCII);
          byte[] out = new byte[prefix.length + in.getLength()];
          System.arraycopy(prefix, 0, out, 0, prefix.length);
          System.arraycopy(in.getData(), in.getOffset(), out, prefix.length, in.getLength());
          socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
        } catch (IOException e) {
          return;
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      socket.close();
      thread.join(5_000);
    }
  }
}
