package app;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Netty's own DNS resolver, as an app brings it: {@code RESOLVER_HOST RESOLVER_PORT NAME} asks that resolver (over
 * UDP, on a non-blocking {@code DatagramChannel} of Netty's NIO transport) for NAME's IPv4 address and reports it.
 */
public final class NettyDnsApp {
  public static void main(String[] args) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
      DnsNameResolver resolver = new DnsNameResolverBuilder(group.next())
          .datagramChannelType(NioDatagramChannel.class)
          .nameServerProvider(new SingletonDnsServerAddressStreamProvider(server))
          .resolvedAddressTypes(ResolvedAddressTypes.IPV4_ONLY)
          .searchDomains(List.of())
          .queryTimeoutMillis(10_000)
          .maxQueriesPerResolve(1)
          .build();
      InetAddress answer = resolver.resolve(args[2]).sync().getNow();
      Report.line("answer", answer.getHostAddress());
      resolver.close();
    } catch (Throwable t) {
      Report.fail(t);
    } finally {
      group.shutdownGracefully();
    }
  }
}
