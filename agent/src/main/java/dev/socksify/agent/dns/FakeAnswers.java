package dev.socksify.agent.dns;

import dev.socksify.chain.dns.FakeAddressPool;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * {@code fake-ip} DNS: a name is answered with addresses from the fake range, remembered by the pool; a connection to
 * one sends the name to the chain ({@link Destinations}), so the last hop resolves it and no query leaves this host.
 */
final class FakeAnswers implements NameAnswers {
  private final FakeAddressPool pool;

  FakeAnswers(FakeAddressPool pool) {
    this.pool = pool;
  }

  @Override
  public InetAddress[] lookup(String host, String name) throws UnknownHostException {
    List<InetAddress> fakes = pool.lookup(name);
    InetAddress[] out = new InetAddress[fakes.size()];
    for (int k = 0; k < out.length; k++) {
      // the name as the app wrote it, as the JDK's own answers carry it (the pool keeps the normalised one)
      out[k] = host.equals(name) ? fakes.get(k) : InetAddress.getByAddress(host, fakes.get(k).getAddress());
    }
    return out;
  }

  @Override
  public String how() {
    return "fake, the chain resolves it";
  }

  @Override
  public String describe() {
    return pool.toString();
  }
}
