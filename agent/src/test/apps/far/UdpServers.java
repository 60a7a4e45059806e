package far;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The UDP destination of the agent's datagram tests, run inside a test's network namespace: a UDP peer server that
 * answers each datagram, to its sender, with {@code peer=IP:PORT } and the payload (or, for payloads over 1024
 * bytes, {@code peer=IP:PORT len=N crc=CRC32HEX}), so the app sees which address reached it and that the bytes
 * arrived intact. Two requests do more: {@code big N} is answered with N bytes (the prefix, then letters
 * {@code a..z} repeating), and {@code twice ...} is answered first from a second socket (another port) and then as
 * usual, so a connected client can show it ignores the stranger.
 *
 * <p>Arguments: {@code FREE_PORTS BIND_ADDRESS [MORE_ADDRESSES...]}. Prints {@code udp-port=} and
 * {@code udp-alt-port=} for the first address, {@code udp-port@ADDRESS=} for each further one (served alike, without
 * the second socket), then {@code free-ports=} (that many ports free for TCP and UDP in this namespace, for the
 * daemons the test starts here), then {@code ready}, and serves until killed.
 */
public final class UdpServers {
  private static final int ECHO_LIMIT = 1024;

  public static void main(String[] args) throws Exception {
    InetAddress bind = InetAddress.getByName(args[1]);
    DatagramSocket main = open(bind);
    DatagramSocket alt = new DatagramSocket(new InetSocketAddress(bind, 0));
    System.out.println("udp-port=" + main.getLocalPort());
    System.out.println("udp-alt-port=" + alt.getLocalPort());
    for (int i = 2; i < args.length; i++) {
      DatagramSocket more = open(InetAddress.getByName(args[i]));
      System.out.println("udp-port@" + args[i] + "=" + more.getLocalPort());
      Thread thread = new Thread(() -> serve(more, more), "udp " + args[i]);
      thread.setDaemon(true);
      thread.start();
    }
    System.out.println("free-ports=" + String.join(",", freePorts(Integer.parseInt(args[0]))));
    System.out.println("ready");
    System.out.flush();
    serve(main, alt);
  }

  private static DatagramSocket open(InetAddress bind) throws SocketException {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(bind, 0));
    socket.setReceiveBufferSize(4 << 20);
    socket.setSendBufferSize(4 << 20);
    return socket;
  }

  private static void serve(DatagramSocket main, DatagramSocket alt) {
    byte[] buffer = new byte[65536];
    while (true) {
      DatagramPacket in = new DatagramPacket(buffer, buffer.length);
      try {
        main.receive(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      byte[] payload = Arrays.copyOf(buffer, in.getLength());
      String prefix = "peer=" + in.getAddress().getHostAddress() + ":" + in.getPort() + " ";
      String text = new String(payload, 0, Math.min(payload.length, 64), StandardCharsets.US_ASCII);
      if (text.startsWith("twice")) {
        send(alt, ("stranger " + prefix).getBytes(StandardCharsets.US_ASCII), in);
      }
      byte[] reply = text.startsWith("big ") ? big(prefix, Integer.parseInt(text.substring(4).trim()))
          : payload.length > ECHO_LIMIT ? summary(prefix, payload) : concat(prefix, payload);
      send(main, reply, in);
    }
  }

  private static void send(DatagramSocket socket, byte[] reply, DatagramPacket to) {
    try {
      socket.send(new DatagramPacket(reply, reply.length, to.getSocketAddress()));
    } catch (IOException e) {
      // a reply too large for the way back is the client's test to notice; keep serving
      System.err.println("reply of " + reply.length + " bytes to " + to.getSocketAddress() + " failed: " + e);
    }
  }

  private static byte[] summary(String prefix, byte[] payload) {
    CRC32 crc = new CRC32();
    crc.update(payload);
    return (prefix + "len=" + payload.length + " crc=" + Long.toHexString(crc.getValue()))
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(String prefix, byte[] payload) {
    byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
    byte[] reply = Arrays.copyOf(head, head.length + payload.length);
    System.arraycopy(payload, 0, reply, head.length, payload.length);
    return reply;
  }

  private static byte[] big(String prefix, int size) {
    byte[] reply = new byte[size];
    for (int i = 0; i < size; i++) {
      reply[i] = (byte) ('a' + i % 26);
    }
    byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, reply, 0, Math.min(head.length, size));
    return reply;
  }

  private static List<String> freePorts(int count) throws Exception {
    List<String> ports = new ArrayList<>();
    List<AutoCloseable> held = new ArrayList<>();
    try {
      while (ports.size() < count) {
        ServerSocket tcp = new ServerSocket(0);
        held.add(tcp);
        try {
          held.add(new DatagramSocket(tcp.getLocalPort()));
          ports.add(Integer.toString(tcp.getLocalPort()));
        } catch (SocketException udpTaken) {
          // the TCP port's UDP twin is in use: held, so the next probe gets another one
        }
      }
    } finally {
      for (AutoCloseable c : held) {
        c.close();
      }
    }
    return ports;
  }
}
