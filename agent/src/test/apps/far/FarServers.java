package far;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The destination side of the agent tests, run inside the test's network namespace: a TCP peer server and an HTTP
 * server (HTTP/1.1, h2c and, with a key store, TLS with h2 by ALPN), all answering with the peer address they saw.
 * Prints {@code key=value} lines (the ports it bound, a free port for the namespace's proxy and a closed one), then
 * {@code ready}, and serves until killed.
 *
 * <p>Arguments: {@code BIND_ADDRESS [KEYSTORE PASSWORD]}.
 */
public final class FarServers {
  public static void main(String[] args) throws Exception {
    InetAddress bind = InetAddress.getByName(args[0]);
    PeerServer peer = PeerServer.start(new InetSocketAddress(bind, 0));
    System.out.println("peer-port=" + peer.port());
    WebServer web = WebServer.start(new InetSocketAddress(bind, 0), null, null);
    System.out.println("web-port=" + web.port());
    if (args.length > 2) {
      WebServer tls = WebServer.start(new InetSocketAddress(bind, 0), args[1], args[2]);
      System.out.println("tls-port=" + tls.port());
    }
    // nothing else binds in this namespace, so ports free now stay free: one for the namespace's proxy, one that
    // refuses connections on the destination address
    try (ServerSocket proxy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket refusing = new ServerSocket(0, 1, bind)) {
      System.out.println("free-port=" + proxy.getLocalPort());
      System.out.println("closed-port=" + refusing.getLocalPort());
    }
    System.out.println("ready");
    System.out.flush();
    Thread.currentThread().join();
  }
}
