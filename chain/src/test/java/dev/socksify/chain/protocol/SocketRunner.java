package dev.socksify.chain.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.testkit.peers.RealPeer;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The strictest runner, for tests against real proxies: blocking socket, reads exactly {@code bytesNeeded()}
 * each time, so whatever follows the handshake stays in the socket for the test to read.
 */
public final class SocketRunner {
  /** Plenty for a loopback proxy; only unresolvable-name cases wait on the proxy's resolver. */
  public static final int READ_TIMEOUT_MS = 30_000;

  private SocketRunner() {}

  /** A blocking socket to {@code peer} with {@link #READ_TIMEOUT_MS}. */
  public static Socket open(RealPeer peer) throws IOException {
    Socket socket = new Socket(peer.host(), peer.port());
    socket.setSoTimeout(READ_TIMEOUT_MS);
    return socket;
  }

  /**
   * The tunnel reaches a {@code PeerEchoServer}: its first line, sent before anything else, arrives intact (a
   * handshake that read past its reply would have eaten the start of it), names {@code egress}, and it echoes.
   */
  public static void assertTunnel(Socket socket, String egress) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    String peerLine = reader.readLine();
    assertTrue(peerLine != null && peerLine.startsWith("peer=" + egress + ":"), "first line: " + peerLine);
    socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals("ping", reader.readLine());
  }

  /** Runs {@code handshake} to completion over {@code socket}; throws what the handshake throws, or EOF. */
  public static void run(Socket socket, ClientHandshake handshake) throws IOException {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    write(out, handshake.start());
    while (!handshake.isDone()) {
      int need = handshake.bytesNeeded();
      byte[] chunk = in.readNBytes(need);
      // What did arrive is handed over first: a refusal is decided on its second octet even if the proxy
      // closes right after it.
      write(out, handshake.receive(ByteBuffer.wrap(chunk)));
      if (chunk.length < need) {
        throw new EOFException("proxy closed the connection mid-handshake: " + handshake);
      }
    }
  }

  private static void write(OutputStream out, ByteBuffer bytes) throws IOException {
    if (bytes.hasRemaining()) {
      out.write(Wire.array(bytes));
      out.flush();
    }
  }
}
