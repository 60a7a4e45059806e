package dev.socksify.chain.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.dns.FakeDnsResolver.Answer;
import dev.socksify.chain.dns.FakeDnsResolver.Decision;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDK's own DNS client (JNDI {@code dns:}) against the fake resolver on a loopback UDP socket: its queries parse,
 * and it accepts the answers, PTR and NXDOMAIN included.
 */
class JdkDnsClientInteropTest {
  private final FakeAddressPool pool = FakeAddressPool.defaults();
  private final FakeDnsResolver resolver = new FakeDnsResolver(pool);
  private final List<byte[]> received = new CopyOnWriteArrayList<>();
  private DatagramSocket socket;
  private Thread server;

  @BeforeEach
  void serve() throws Exception {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket.setSoTimeout(200);
    server = new Thread(this::loop, "fake-dns-udp");
    server.setDaemon(true);
    server.start();
  }

  private void loop() {
    byte[] buf = new byte[4096];
    while (!socket.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        byte[] query = Arrays.copyOf(p.getData(), p.getLength());
        received.add(query);
        Decision d = resolver.resolve(query);
        if (d instanceof Answer a) {
          byte[] out = a.bytes();
          socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
        }
      } catch (SocketTimeoutException idle) {
        // check for close and wait again
      } catch (java.io.IOException closed) {
        return;
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    socket.close();
    server.join(5000);
  }

  private InitialDirContext jndi() throws Exception {
    Hashtable<String, String> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
    env.put(Context.PROVIDER_URL, "dns://127.0.0.1:" + socket.getLocalPort());
    env.put("com.sun.jndi.dns.timeout.initial", "2000");
    env.put("com.sun.jndi.dns.timeout.retries", "1");
    return new InitialDirContext(env);
  }

  @Test
  void jdkResolvesAFakeAddressAndItsQueryParses() throws Exception {
    InitialDirContext ctx = jndi();
    try {
      Attributes attrs = ctx.getAttributes("Service.Test", new String[] {"A"});
      assertEquals("198.18.0.1", attrs.get("A").get());
    } finally {
      ctx.close();
    }
    assertEquals(1, received.size());
    DnsMessage q = DnsMessageReader.read(received.get(0));
    assertFalse(q.isResponse());
    assertTrue(q.recursionDesired());
    assertEquals(DnsQuestion.in(DnsName.of("service.test"), DnsType.A), q.question().orElseThrow());
    assertEquals("Service.Test", q.question().orElseThrow().name().toString(), "case as asked");
    assertEquals(List.of(), q.additionals());
    assertEquals(Integer.toHexString(q.flags()), "100", "the JDK sends plain RD queries");
  }

  @Test
  void jdkReverseLookupOfAFakeAddress() throws Exception {
    pool.ipv4("first.test");
    pool.ipv4("db.internal");
    InitialDirContext ctx = jndi();
    try {
      Attributes attrs = ctx.getAttributes("2.0.18.198.in-addr.arpa", new String[] {"PTR"});
      assertEquals("db.internal.", attrs.get("PTR").get());
      assertThrows(NameNotFoundException.class,
          () -> ctx.getAttributes("7.7.18.198.in-addr.arpa", new String[] {"PTR"}));
    } finally {
      ctx.close();
    }
  }
}
