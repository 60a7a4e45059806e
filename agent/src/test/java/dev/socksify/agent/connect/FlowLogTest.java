package dev.socksify.agent.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.socksify.chain.Credentials;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowLogTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final FlowLog log = new FlowLog(true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
  private final List<Hop> hops = List.of(
      new Hop(ProxyType.SOCKS5, "127.0.0.1", 1080).withCredentials(new Credentials("alice", "s3cret")),
      new Hop(ProxyType.SOCKS5H, "10.0.0.5", 1080));
  private final InetSocketAddress target = new InetSocketAddress("10.1.2.3", 443);

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void oneLinePerConnectionNamingAppDestinationAndHops() {
    log.ok("main", target, hops, "in-band");
    assertEquals("socksify: main -> 10.1.2.3:443 via socks5 127.0.0.1:1080 > socks5h 10.0.0.5:1080: ok (in-band)\n",
        text());
  }

  @Test
  void errorsSayWhy() {
    log.error("worker-1", target, hops, new ConnectException("hop 2 socks5h 10.0.0.5:1080 -> 10.1.2.3:443: refused"));
    assertEquals("socksify: worker-1 -> 10.1.2.3:443 via socks5 127.0.0.1:1080 > socks5h 10.0.0.5:1080: error: "
        + "hop 2 socks5h 10.0.0.5:1080 -> 10.1.2.3:443: refused\n", text());
    assertFalse(text().contains("s3cret"));
  }

  @Test
  void directConnectionsSayWhichRule() {
    log.direct("main", new InetSocketAddress("127.0.0.1", 8080), "built-in: loopback goes direct");
    assertEquals("socksify: main -> 127.0.0.1:8080 direct (built-in: loopback goes direct)\n", text());
  }

  @Test
  void silentUnlessEnabled() {
    FlowLog quiet = new FlowLog(false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    quiet.ok("main", target, hops, "relay");
    quiet.direct("main", target, "x");
    assertEquals("", text());
  }
}
