package app;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * UDP the way apps do it, against the far side's UDP peer server (which answers {@code peer=IP:PORT } and the
 * payload). Modes, each followed by {@code HOST PORT}:
 *
 * <ul>
 *   <li>{@code socket}: an unconnected {@code DatagramSocket} sends and receives; {@code socket-connected} connects
 *       it first.
 *   <li>{@code filter}: asks the server to answer from a second port first ({@code twice}); an unconnected socket
 *       sees both senders, {@code filter-connected} only its destination.
 *   <li>{@code channel}: an unconnected blocking {@code DatagramChannel}; {@code channel-connected} connects it and
 *       uses gathering write and scattering read, then write and read; {@code channel-nonblocking} does both with a
 *       Selector.
 *   <li>{@code large MAX}: sends MAX bytes, receives MAX bytes ({@code big MAX}), then sends MAX + 1 and reports the
 *       error.
 *   <li>{@code many COUNT WINDOW}: COUNT numbered datagrams, at most WINDOW unanswered at a time, each answer once.
 *   <li>{@code reader}: a thread is already blocked in receive when the first datagram is sent.
 *   <li>{@code mixed HOST2 PORT2}: one socket talks to both destinations and tells their answers apart.
 *   <li>{@code dns NAME}: a DNS query for NAME's A record, by hand, to a resolver at HOST:PORT.
 * </ul>
 *
 * Socket receives time out after 10 s and selects are bounded, so a lost datagram fails the app; a blocking
 * channel's receive has no timeout of its own, and the test harness's time limit on the app bounds it.
 */
public final class DatagramApp {
  private static final int WAIT_MILLIS = 10_000;

  public static void main(String[] args) {
    try {
      InetSocketAddress target = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
      switch (args[0]) {
        case "socket" -> socket(target, false);
        case "socket-connected" -> socket(target, true);
        case "filter" -> filter(target, false);
        case "filter-connected" -> filter(target, true);
        case "channel" -> channel(target);
        case "channel-connected" -> channelConnected(target);
        case "channel-nonblocking" -> channelNonBlocking(target);
        case "large" -> large(target, Integer.parseInt(args[3]));
        case "many" -> many(target, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        case "reader" -> reader(target);
        case "mixed" -> mixed(target, new InetSocketAddress(args[3], Integer.parseInt(args[4])));
        case "dns" -> dns(target, args[3]);
        default -> throw new IllegalArgumentException(args[0]);
      }
    } catch (Throwable t) {
      Report.fail(t);
    }
  }

  private static void socket(InetSocketAddress target, boolean connect) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(WAIT_MILLIS);
      if (connect) {
        socket.connect(target);
        Report.line("connected", socket.isConnected());
        Report.line("remote", socket.getRemoteSocketAddress());
        send(socket, "hello udp", null);
      } else {
        send(socket, "hello udp", target);
      }
      DatagramPacket reply = receive(socket);
      Report.line("reply", text(reply));
      Report.line("sender", reply.getSocketAddress());
    }
  }

  private static void filter(InetSocketAddress target, boolean connect) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(WAIT_MILLIS);
      if (connect) {
        socket.connect(target);
      }
      // The server answers 'twice' from another port first, then from its own. A connected socket must skip the
      // first; the second request's answer coming next shows the stranger was dropped, not merely late.
      send(socket, "twice one", connect ? null : target);
      DatagramPacket first = receive(socket);
      Report.line("first", text(first));
      Report.line("first-sender", first.getSocketAddress());
      send(socket, "twice two", connect ? null : target);
      DatagramPacket second = receive(socket);
      Report.line("second", text(second));
      Report.line("second-sender", second.getSocketAddress());
    }
  }

  private static void channel(InetSocketAddress target) throws IOException {
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.socket().setSoTimeout(WAIT_MILLIS);
      Report.line("sent", channel.send(ascii("hello channel"), target));
      ByteBuffer reply = ByteBuffer.allocate(2048);
      SocketAddress sender = channel.receive(reply);
      Report.line("reply", text(reply));
      Report.line("sender", sender);
    }
  }

  private static void channelConnected(InetSocketAddress target) throws IOException {
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.connect(target);
      Report.line("connected", channel.isConnected());
      Report.line("remote", channel.getRemoteAddress());
      long written = channel.write(new ByteBuffer[] {ascii("gathered "), ascii("write")});
      Report.line("written", written);
      ByteBuffer head = ByteBuffer.allocate(5);
      ByteBuffer rest = ByteBuffer.allocate(2048);
      long read = channel.read(new ByteBuffer[] {head, rest});
      Report.line("read", read);
      Report.line("scattered", text(head) + "|" + text(rest));
      Report.line("write", channel.write(ascii("plain write")));
      ByteBuffer reply = ByteBuffer.allocate(2048);
      channel.read(reply);
      Report.line("reply", text(reply));
    }
  }

  private static void channelNonBlocking(InetSocketAddress target) throws IOException {
    try (DatagramChannel channel = DatagramChannel.open(); Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ);
      Report.line("sent", channel.send(ascii("hello selector"), target));
      ByteBuffer reply = ByteBuffer.allocate(2048);
      SocketAddress sender = null;
      for (int i = 0; i < 100 && sender == null; i++) {
        selector.select(WAIT_MILLIS);
        selector.selectedKeys().clear();
        sender = channel.receive(reply);
      }
      Report.line("reply", text(reply));
      Report.line("sender", sender);
      channel.connect(target);
      Report.line("remote", channel.getRemoteAddress());
      Report.line("write", channel.write(ascii("connected selector")));
      reply.clear();
      int n = 0;
      for (int i = 0; i < 100 && n == 0; i++) {
        selector.select(WAIT_MILLIS);
        selector.selectedKeys().clear();
        n = channel.read(reply);
      }
      Report.line("connected-reply", text(reply));
    }
  }

  private static void large(InetSocketAddress target, int max) throws IOException {
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.socket().setSoTimeout(WAIT_MILLIS);
      byte[] payload = new byte[max];
      new Random(max).nextBytes(payload);
      CRC32 crc = new CRC32();
      crc.update(payload);
      Report.line("sent", channel.send(ByteBuffer.wrap(payload), target));
      ByteBuffer reply = ByteBuffer.allocate(65536);
      channel.receive(reply);
      String summary = text(reply);
      Report.line("summary", summary);
      Report.line("intact", summary.endsWith(" len=" + max + " crc=" + Long.toHexString(crc.getValue())));

      channel.send(ascii("big " + max), target);
      reply.clear();
      channel.receive(reply);
      reply.flip();
      boolean letters = reply.remaining() == max;
      for (int i = 64; i < reply.limit() && letters; i++) {
        letters = reply.get(i) == (byte) ('a' + i % 26);
      }
      Report.line("big-received", reply.remaining());
      Report.line("big-intact", letters);
      try {
        channel.send(ByteBuffer.wrap(new byte[max + 1]), target);
        Report.line("too-large", "sent");
      } catch (SocketException e) {
        Report.line("too-large", e.getClass().getName() + ": " + e.getMessage());
      }
    }
  }

  private static void many(InetSocketAddress target, int count, int window) throws IOException {
    boolean[] seen = new boolean[count];
    int duplicates = 0;
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(WAIT_MILLIS);
      int sent = 0;
      int received = 0;
      while (received < count) {
        while (sent < count && sent - received < window) {
          send(socket, "seq " + sent, target);
          sent++;
        }
        String reply = text(receive(socket));
        int seq = Integer.parseInt(reply.substring(reply.indexOf(" seq ") + 5));
        if (seen[seq]) {
          duplicates++;
        }
        seen[seq] = true;
        received++;
      }
    }
    Report.line("received", count);
    Report.line("duplicates", duplicates);
  }

  private static void reader(InetSocketAddress target) throws Exception {
    try (DatagramSocket socket = new DatagramSocket()) {
      // no timeout: a timed receive polls instead of blocking in the native receive this mode is about; the
      // receiver is a daemon and joined with a bound, so a lost reply still ends the app
      String[] got = new String[2];
      Thread receiver = new Thread(() -> {
        try {
          DatagramPacket reply = receive(socket);
          got[0] = text(reply);
          got[1] = String.valueOf(reply.getSocketAddress());
        } catch (IOException e) {
          got[0] = "error " + e;
        }
      }, "receiver");
      receiver.setDaemon(true);
      receiver.start();
      // send only once the receiver is inside the native receive, before the socket knows any proxy
      for (int i = 0; i < 1000 && !inNativeReceive(receiver); i++) {
        Thread.sleep(10);
      }
      Report.line("receiver-blocked", inNativeReceive(receiver));
      send(socket, "hello early reader", target);
      receiver.join(2L * WAIT_MILLIS);
      Report.line("reply", got[0]);
      Report.line("sender", got[1]);
    }
  }

  private static boolean inNativeReceive(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.isNativeMethod() && frame.getMethodName().startsWith("receive")) {
        return true;
      }
    }
    return false;
  }

  private static void mixed(InetSocketAddress far, InetSocketAddress near) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(WAIT_MILLIS);
      send(socket, "to the near one", near);
      send(socket, "to the far one", far);
      for (int i = 0; i < 2; i++) {
        DatagramPacket reply = receive(socket);
        String which = reply.getSocketAddress().equals(far) ? "far" : reply.getSocketAddress().equals(near) ? "near"
            : "unknown " + reply.getSocketAddress();
        Report.line(which, text(reply));
      }
    }
  }

  private static void dns(InetSocketAddress resolver, String name) throws IOException {
    ByteBuffer query = ByteBuffer.allocate(512);
    query.putShort((short) 0x5a17).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
        .putShort((short) 0).putShort((short) 0);
    for (String label : name.split("\\.")) {
      query.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
    }
    query.put((byte) 0).putShort((short) 1).putShort((short) 1).flip();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(WAIT_MILLIS);
      socket.send(new DatagramPacket(query.array(), query.limit(), resolver));
      DatagramPacket reply = receive(socket);
      Report.line("sender", reply.getSocketAddress());
      ByteBuffer in = ByteBuffer.wrap(reply.getData(), 0, reply.getLength());
      Report.line("id", Integer.toHexString(in.getShort(0) & 0xffff));
      Report.line("rcode", in.get(3) & 0x0f);
      int answers = in.getShort(6) & 0xffff;
      in.position(12);
      skipName(in);
      in.position(in.position() + 4);
      StringBuilder addresses = new StringBuilder();
      for (int i = 0; i < answers; i++) {
        skipName(in);
        int type = in.getShort() & 0xffff;
        in.position(in.position() + 6);
        int length = in.getShort() & 0xffff;
        if (type == 1 && length == 4) {
          addresses.append(addresses.length() == 0 ? "" : ",")
              .append(in.get() & 0xff).append('.').append(in.get() & 0xff).append('.')
              .append(in.get() & 0xff).append('.').append(in.get() & 0xff);
        } else {
          in.position(in.position() + length);
        }
      }
      Report.line("answer", addresses);
    }
  }

  private static void skipName(ByteBuffer in) {
    while (true) {
      int length = in.get() & 0xff;
      if (length == 0) {
        return;
      }
      if ((length & 0xc0) == 0xc0) {
        in.get();
        return;
      }
      in.position(in.position() + length);
    }
  }

  private static void send(DatagramSocket socket, String text, InetSocketAddress target) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    DatagramPacket packet = target == null ? new DatagramPacket(bytes, bytes.length)
        : new DatagramPacket(bytes, bytes.length, target);
    socket.send(packet);
  }

  private static DatagramPacket receive(DatagramSocket socket) throws IOException {
    DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
    socket.receive(packet);
    return packet;
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static String text(DatagramPacket packet) {
    return new String(packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.US_ASCII);
  }

  private static String text(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    view.flip();
    return StandardCharsets.US_ASCII.decode(view).toString();
  }
}
