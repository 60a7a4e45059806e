package dev.socksify.agent.dns;

import dev.socksify.agent.connect.OwnThreads;
import dev.socksify.agent.connect.Router;
import dev.socksify.agent.connect.Routing;
import dev.socksify.chain.Addresses;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.blocking.BlockingChainConnector;
import dev.socksify.chain.blocking.BlockingTransport;
import dev.socksify.chain.blocking.HopDialer;
import dev.socksify.chain.blocking.SocketChannelTransport;
import dev.socksify.chain.connect.HostResolver;
import dev.socksify.chain.dns.DnsMessage;
import dev.socksify.chain.dns.DnsMessageReader;
import dev.socksify.chain.dns.DnsMessageWriter;
import dev.socksify.chain.dns.DnsName;
import dev.socksify.chain.dns.DnsOverTcp;
import dev.socksify.chain.dns.DnsQueries;
import dev.socksify.chain.dns.DnsRcode;
import dev.socksify.chain.dns.DnsType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code forward} DNS: a name is looked up by the configured resolver, asked over TCP through the chain the rules
 * pick for the resolver's address (RFC 7766 DNS over TCP, A then AAAA on one connection). The app gets the real
 * addresses, carrying the name; no query goes to this host's resolver. One connection per lookup the JDK's cache
 * misses.
 */
final class ForwardAnswers implements NameAnswers {
  private final InetSocketAddress resolver;
  private final Router router;
  private final HostResolver local;
  private final Duration timeout;

  /**
   * @param resolver the DNS server, a literal or an unresolved name (the chain resolves it)
   * @param local resolves hop names here
   * @param timeout for each answer
   */
  ForwardAnswers(InetSocketAddress resolver, Router router, HostResolver local, Duration timeout) {
    this.resolver = resolver;
    this.router = router;
    this.local = local;
    this.timeout = timeout;
  }

  @Override
  public InetAddress[] lookup(String host, String name) throws UnknownHostException {
    try {
      return OwnThreads.call(() -> ask(host, name));
    } catch (UnknownHostException e) {
      throw e;
    } catch (Exception e) {
      UnknownHostException failure = new UnknownHostException("socksify: " + host + ": resolver "
          + Addresses.format(resolver) + " not reached: " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  private InetAddress[] ask(String host, String name) throws IOException {
    List<InetAddress> addresses = new ArrayList<>();
    try (BlockingTransport transport = open()) {
      DnsRcode rcode = query(transport, name, DnsType.A, host, addresses);
      if (!rcode.equals(DnsRcode.NXDOMAIN)) {
        query(transport, name, DnsType.AAAA, host, addresses);
      }
      if (addresses.isEmpty()) {
        throw new UnknownHostException(host + ": " + rcode + " from resolver " + Addresses.format(resolver));
      }
    }
    return addresses.toArray(new InetAddress[0]);
  }

  private DnsRcode query(BlockingTransport transport, String name, DnsType type, String host, List<InetAddress> out)
      throws IOException {
    DnsMessage query = DnsQueries.query(ThreadLocalRandom.current().nextInt(0x10000), DnsName.of(name), type);
    DnsMessage response = DnsMessageReader.read(DnsOverTcp.exchange(transport, DnsMessageWriter.write(query),
        timeout));
    for (InetAddress address : response.answerAddresses()) {
      // the name the app asked for, as the JDK's own answers carry it
      out.add(InetAddress.getByAddress(host, address.getAddress()));
    }
    return response.rcode();
  }

  private BlockingTransport open() throws IOException {
    Routing route = router.route(resolver);
    if (route instanceof Routing.Refused refused) {
      throw new ConnectException(refused.why());
    }
    if (route instanceof Routing.ViaChain via) {
      try {
        return new BlockingChainConnector(HopDialer.socketChannel(), local).connect(via.chain(), resolver)
            .transport();
      } catch (ChainException e) {
        throw e.asDirectException();
      }
    }
    InetSocketAddress direct = resolver.isUnresolved()
        ? new InetSocketAddress(local.resolve(resolver.getHostString()), resolver.getPort()) : resolver;
    return SocketChannelTransport.open(direct, timeout);
  }

  @Override
  public String how() {
    return "from " + Addresses.format(resolver) + " through the chain";
  }

  @Override
  public String describe() {
    return "queries to " + Addresses.format(resolver) + " through the chain";
  }
}
