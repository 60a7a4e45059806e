package dev.socksify.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;

/**
 * {@code scripts/demo}'s embedded network: two proxy hops and a destination on loopback. Hop 1 is SOCKS5 and
 * leaves from 127.0.0.11, hop 2 is HTTP CONNECT and leaves from 127.0.0.12, so the destination's
 * {@code peer=} line shows which hop a connection really came from.
 *
 * <p>Prints one line {@code hops=URL,URL destination=HOST:PORT} when ready, then runs until its standard input
 * closes (the demo script holds it open and closes it, or kills this process by PID).
 */
public final class DemoLab {
  private DemoLab() {}

  public static void main(String[] args) throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (PeerEchoServer destination = new PeerEchoServer(loopback);
        EmbeddedSocks5Server hop1 = new EmbeddedSocks5Server(loopback, EmbeddedProxyServer.Mode.OK)
            .outboundFrom(InetAddress.getByName("127.0.0.11"));
        EmbeddedHttpConnectServer hop2 = new EmbeddedHttpConnectServer(loopback, EmbeddedProxyServer.Mode.OK)
            .outboundFrom(InetAddress.getByName("127.0.0.12"))) {
      System.out.println("hops=socks5h://127.0.0.1:" + hop1.port() + ",http://127.0.0.1:" + hop2.port()
          + " destination=127.0.0.1:" + destination.port());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // runs until the demo closes our standard input
      }
    }
  }
}
