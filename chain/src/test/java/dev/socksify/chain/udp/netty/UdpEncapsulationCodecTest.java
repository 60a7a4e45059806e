package dev.socksify.chain.udp.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import dev.socksify.chain.udp.DatagramTooLargeException;
import dev.socksify.chain.udp.Relay;
import dev.socksify.chain.udp.UdpAssociation;
import dev.socksify.chain.udp.UdpEncapsulation;
import dev.socksify.chain.udp.UdpStats;
import dev.socksify.chain.udp.Unwrapped;
import dev.socksify.testkit.UdpEchoServer;
import dev.socksify.testkit.peers.Danted;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.EncoderException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UdpEncapsulationCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Hop HOP_A = new Hop(ProxyType.SOCKS5, "127.0.0.1", 1080);
  private static final Hop HOP_B = new Hop(ProxyType.SOCKS5, "127.0.0.2", 1081);

  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  private static UdpEncapsulation twoHops() throws Exception {
    return new UdpEncapsulation(List.of(new Relay(1, HOP_A, at("127.0.0.1", 40000), true),
        new Relay(2, HOP_B, at("127.0.0.2", 50000), true)));
  }

  @Test
  void writesGoToTheFirstRelayWrappedForEveryHop() throws Exception {
    UdpStats stats = new UdpStats();
    EmbeddedChannel channel = new EmbeddedChannel(new UdpEncapsulationCodec(twoHops(), stats));
    channel.writeOutbound(new DatagramPacket(Unpooled.wrappedBuffer("hi".getBytes(US_ASCII)), at("10.0.0.9", 53)));
    DatagramPacket out = channel.readOutbound();
    assertEquals(at("127.0.0.1", 40000), out.recipient());
    assertEquals("000000017f000002c350000000010a0000090035" + "6869", ByteBufUtil.hexDump(out.content()));
    out.release();
    assertNull(channel.readOutbound(), "nothing left over");
    assertEquals(1, stats.sentCount());
    assertFalse(channel.finish());
  }

  @Test
  void readsFromTheFirstRelayComeUpUnwrappedWithTheRealSender() throws Exception {
    UdpStats stats = new UdpStats();
    EmbeddedChannel channel = new EmbeddedChannel(new UdpEncapsulationCodec(twoHops(), stats));
    byte[] reply = HEX.parseHex("000000017f000002c350000000010a0000090035" + "6f6b");
    channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(reply), at("127.0.0.1", 5555),
        at("127.0.0.1", 40000)));
    DatagramPacket in = channel.readInbound();
    assertEquals(at("10.0.0.9", 53), in.sender());
    assertEquals(at("127.0.0.1", 5555), in.recipient());
    assertEquals("ok", in.content().toString(US_ASCII));
    in.release();
    assertNull(channel.readInbound(), "nothing left over");
    assertEquals(1, stats.receivedCount());
    assertFalse(channel.finish());
  }

  @Test
  void strangersFragmentsAndGarbageAreDroppedAndCounted() throws Exception {
    UdpStats stats = new UdpStats();
    EmbeddedChannel channel = new EmbeddedChannel(new UdpEncapsulationCodec(twoHops(), stats));
    byte[] reply = HEX.parseHex("000000017f000002c350000000010a0000090035" + "6f6b");
    channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(reply), at("127.0.0.1", 5555),
        at("127.0.0.1", 40001)));
    byte[] fragment = HEX.parseHex("000000017f000002c350000001010a0000090035" + "6f6b");
    channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(fragment), at("127.0.0.1", 5555),
        at("127.0.0.1", 40000)));
    channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {0, 0, 0}), at("127.0.0.1", 5555),
        at("127.0.0.1", 40000)));
    assertNull(channel.readInbound());
    assertEquals(1, stats.droppedCount(Unwrapped.Reason.NOT_FROM_RELAY));
    assertEquals(1, stats.droppedCount(Unwrapped.Reason.FRAGMENTED));
    assertEquals(1, stats.droppedCount(Unwrapped.Reason.MALFORMED));
    assertFalse(channel.finish());
  }

  @Test
  void anOversizedWriteFailsWithMessageTooLong() throws Exception {
    UdpStats stats = new UdpStats();
    EmbeddedChannel channel = new EmbeddedChannel(new UdpEncapsulationCodec(twoHops(), stats));
    var future = channel.writeOneOutbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[65_488]),
        at("10.0.0.9", 53)));
    channel.flushOutbound();
    EncoderException e = assertInstanceOf(EncoderException.class, future.cause());
    assertInstanceOf(DatagramTooLargeException.class, e.getCause());
    assertNull(channel.readOutbound());
    assertEquals(0, stats.sentCount());
    assertFalse(channel.finish());
  }

  /** The redirector's way: association opened blocking (off the event loop), datagrams on a Netty channel. */
  @Test
  void aNettyChannelTalksThroughTwoDantedHops() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (Danted a = Danted.start("127.0.0.11");
        Danted b = Danted.start("127.0.0.12");
        UdpEchoServer echo = UdpEchoServer.start();
        UdpAssociation association = UdpAssociation.open(Chain.strict("netty", List.of(
            new Hop(ProxyType.SOCKS5, a.host(), a.port()), new Hop(ProxyType.SOCKS5, b.host(), b.port()))))) {
      BlockingQueue<DatagramPacket> replies = new LinkedBlockingQueue<>();
      UdpStats stats = new UdpStats();
      Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
          .handler(new ChannelInitializer<NioDatagramChannel>() {
            @Override
            protected void initChannel(NioDatagramChannel ch) {
              ch.pipeline().addLast(new UdpEncapsulationCodec(association.encapsulation(), stats),
                  new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                      replies.add(packet.retain());
                    }
                  });
            }
          })
          .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
      association.onClose(reason -> channel.close());
      try {
        channel.writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer("netty", US_ASCII), echo.address())).sync();
        DatagramPacket reply = replies.poll(10, TimeUnit.SECONDS);
        assertNotNull(reply, "no reply through the relays");
        assertEquals(echo.address(), reply.sender());
        String text = reply.content().toString(US_ASCII);
        reply.release();
        assertTrue(Pattern.matches("peer=127\\.0\\.0\\.12:\\d+ netty", text), text);
      } finally {
        association.close();
        assertTrue(channel.closeFuture().await(10, TimeUnit.SECONDS), "closing the association closes the channel");
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
