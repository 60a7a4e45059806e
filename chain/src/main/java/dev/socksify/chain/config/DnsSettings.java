package dev.socksify.chain.config;

import dev.socksify.chain.rules.Cidr;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * How names are handled ({@code [dns]}, or proxychains' {@code proxy_dns} and {@code remote_dns_subnet}).
 *
 * @param mode where names are resolved
 * @param fakeSubnet where fake addresses come from in {@link DnsMode#FAKE_IP} mode
 * @param resolver the DNS server queries go to through the chain in {@link DnsMode#FORWARD} mode (a name
 *     stays unresolved), empty otherwise
 * @param listenPort the port of the redirector's DNS listener (UDP and TCP, loopback)
 */
public record DnsSettings(DnsMode mode, Cidr fakeSubnet, Optional<InetSocketAddress> resolver, int listenPort) {
  /** RFC 2544's benchmarking range, which no real destination uses. */
  public static final String DEFAULT_FAKE_SUBNET = "198.18.0.0/15";
  public static final int DEFAULT_LISTEN_PORT = 1053;

  public DnsSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(fakeSubnet, "fakeSubnet");
    Objects.requireNonNull(resolver, "resolver");
  }

  /** Whether names go to the chain instead of this host's resolver. */
  public boolean remote() {
    return mode != DnsMode.LOCAL;
  }

  @Override
  public String toString() {
    return "dns " + mode + (mode == DnsMode.FAKE_IP ? " " + fakeSubnet : "")
        + resolver.map(r -> " via " + r.getHostString() + ":" + r.getPort()).orElse("");
  }
}
