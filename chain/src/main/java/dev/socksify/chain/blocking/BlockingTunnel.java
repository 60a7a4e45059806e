package dev.socksify.chain.blocking;

import dev.socksify.chain.Hop;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A connection through a chain, ready for the app's bytes.
 *
 * @param transport carries the tunnelled stream; nothing past the last handshake reply was read from it
 * @param hops the hops actually used, in order (fewer than configured when dead ones were skipped)
 * @param boundAddress what the last hop reported as its end of the onward connection (SOCKS BND.ADDR), or
 *     {@code null} if its protocol has none
 */
public record BlockingTunnel(BlockingTransport transport, List<Hop> hops, InetSocketAddress boundAddress)
    implements Closeable {
  public BlockingTunnel {
    hops = List.copyOf(hops);
  }

  @Override
  public void close() throws IOException {
    transport.close();
  }
}
