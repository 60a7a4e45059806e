package dev.socksify.redirector.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.redirector.relay.FlowPolicy;
import dev.socksify.redirector.relay.Tunnel;
import dev.socksify.redirector.relay.Upstream;
import dev.socksify.redirector.relay.UpstreamChannels;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TCP flows to fake addresses are routed by name; others are left to the wrapped policy. */
class FakeIpFlowPolicyTest {
  private static final SocksifyConfig CONFIG = SocksifyConfig.parse("""
      [chain a]
      socks5 192.0.2.1 1080
      [chain b]
      socks5 192.0.2.2 1080
      [rules]
      domain *.b.test -> chain b
      domain *.blocked.test -> block
      domain www.direct.test port 443 -> direct
      default -> chain a
      """, "test.conf");

  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final FakeAddressPool pool = FakeAddressPool.defaults();
  private final Upstream others = new Upstream() {
    @Override
    public Future<Tunnel> open(EventLoop l, InetSocketAddress destination) {
      return l.newFailedFuture(new UnsupportedOperationException());
    }

    @Override
    public String via() {
      return "the wrapped policy";
    }
  };
  private final FlowPolicy policy = new FakeIpFlowPolicy(pool, CONFIG, destination -> others,
      new UpstreamChannels(0x534b), loop);

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private InetSocketAddress fake(String name, int port) throws Exception {
    return new InetSocketAddress(pool.ipv4(name).orElseThrow(), port);
  }

  @Test
  void realAddressesAreLeftToTheWrappedPolicy() throws Exception {
    assertSame(others, policy.upstreamFor(new InetSocketAddress(InetAddress.getByName("203.0.113.1"), 80)));
  }

  @Test
  void aFakeAddressGoesToTheChainItsNamePicks() throws Exception {
    assertEquals("chain b (socks5 192.0.2.2:1080) as www.b.test:80", policy.upstreamFor(fake("www.b.test", 80))
        .via());
    assertEquals("chain a (socks5 192.0.2.1:1080) as other.test:8080", policy.upstreamFor(fake("other.test", 8080))
        .via());
  }

  @Test
  void blockedStaleAndPortSpecificDirectNamesFailWithTheirReason() throws Exception {
    Upstream blocked = policy.upstreamFor(fake("ads.blocked.test", 443));
    assertEquals("nothing (blocked)", blocked.via());
    String why = blocked.open(loop.next(), fake("ads.blocked.test", 443)).await().cause().getMessage();
    assertTrue(why.startsWith("blocked by rule ") && why.endsWith(" for ads.blocked.test:443"), why);
    Upstream stale = policy.upstreamFor(new InetSocketAddress(InetAddress.getByName("198.19.255.1"), 80));
    assertTrue(stale.open(loop.next(), null).await().cause().getMessage().contains("maps to no name"));
    Upstream direct = policy.upstreamFor(fake("www.direct.test", 443));
    assertTrue(direct.open(loop.next(), null).await().cause().getMessage().contains("answered with a fake address"));
  }
}
