package dev.socksify.agent.inband;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileDescriptor;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The in-band transport on a real descriptor (made the way {@code SocketChannel.open} makes one), against loopback
 * servers: it never reads more than asked, times out, sees end of stream, and replaces the socket under the same
 * descriptor when dialled again. The test JVM opens {@code sun.nio.ch} to itself, as the agent does with
 * {@code redefineModule}.
 */
class AppSocketTest {
  private static final Duration SECONDS = Duration.ofSeconds(5);
  private SunNio nio;
  private FileDescriptor fd;
  private ServerSocket first;
  private ServerSocket second;

  @BeforeEach
  void open() throws Exception {
    nio = SunNio.load();
    fd = nio.newStreamSocket(StandardProtocolFamily.INET);
    nio.configureBlocking(fd, false);
    first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    second = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void close() throws Exception {
    nio.close(fd);
    first.close();
    second.close();
  }

  private static InetSocketAddress address(ServerSocket server) {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  @Test
  void talksOverTheDescriptorAndNeverReadsMoreThanAsked() throws Exception {
    AppSocket socket = new AppSocket(nio, StandardProtocolFamily.INET, fd, Deadline.none());
    socket.dial(address(first), SECONDS);
    try (Socket peer = first.accept()) {
      socket.write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
      assertEquals('h', peer.getInputStream().read());
      assertEquals('i', peer.getInputStream().read());
      peer.getOutputStream().write("abc".getBytes(StandardCharsets.US_ASCII));
      ByteBuffer two = ByteBuffer.allocate(2);
      int n = socket.read(two, SECONDS);
      while (two.hasRemaining()) {
        n += socket.read(two, SECONDS);
      }
      assertEquals(2, n);
      ByteBuffer rest = ByteBuffer.allocate(16);
      assertEquals(1, socket.read(rest, SECONDS), "the third byte was left for whoever reads next");
      assertEquals('c', rest.get(0));
      peer.shutdownOutput();
      assertEquals(-1, socket.read(ByteBuffer.allocate(1), SECONDS));
    }
  }

  @Test
  void aSilentPeerTimesOut() throws Exception {
    AppSocket socket = new AppSocket(nio, StandardProtocolFamily.INET, fd, Deadline.none());
    socket.dial(address(first), SECONDS);
    try (Socket peer = first.accept()) {
      assertThrows(SocketTimeoutException.class, () -> socket.read(ByteBuffer.allocate(1), Duration.ofMillis(50)));
    }
  }

  @Test
  void theAppsDeadlineCutsAHopsLongerTimeoutShort() throws Exception {
    AppSocket socket =
        new AppSocket(nio, StandardProtocolFamily.INET, fd, Deadline.in(Duration.ofMillis(50).toNanos()));
    socket.dial(address(first), SECONDS);
    try (Socket peer = first.accept()) {
      assertThrows(SocketTimeoutException.class, () -> socket.read(ByteBuffer.allocate(1), Duration.ofHours(1)));
      assertEquals(true, socket.appTimeoutExpired());
    }
  }

  @Test
  void dialingAgainPutsAFreshSocketUnderTheSameDescriptor() throws Exception {
    AppSocket socket = new AppSocket(nio, StandardProtocolFamily.INET, fd, Deadline.none());
    socket.dial(address(first), SECONDS);
    try (Socket old = first.accept()) {
      socket.close();
      socket.dial(address(second), SECONDS);
      try (Socket fresh = second.accept()) {
        InputStream oldIn = old.getInputStream();
        assertEquals(-1, oldIn.read(), "the first connection was closed by dup2");
        socket.write(ByteBuffer.wrap(new byte[] {42}));
        assertEquals(42, fresh.getInputStream().read(), "the app's descriptor now talks to the new peer");
      }
    }
  }
}
