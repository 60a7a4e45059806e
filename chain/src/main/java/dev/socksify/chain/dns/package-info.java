/**
 * DNS for both front ends, without transports: the fake address map, a minimal RFC 1035 codec, DNS over TCP framing,
 * and the redirector's {@code fake-ip} decision.
 *
 * <ul>
 *   <li>{@link dev.socksify.chain.dns.FakeAddressPool}: name → fake address (and back) for remote DNS. The agent
 *       answers {@code InetAddress} lookups from it and asks {@code nameForConnect} on every connect; the redirector
 *       answers A/AAAA from it and maps original destinations back to names.
 *   <li>{@link dev.socksify.chain.dns.DnsMessageReader} / {@link dev.socksify.chain.dns.DnsMessageWriter}: bytes ↔
 *       {@link dev.socksify.chain.dns.DnsMessage}; hostile input fails with
 *       {@link dev.socksify.chain.dns.DnsProtocolException}, bounded.
 *   <li>{@link dev.socksify.chain.dns.DnsResponses}, {@link dev.socksify.chain.dns.DnsQueries}: building messages.
 *   <li>{@link dev.socksify.chain.dns.DnsTcpFraming}, {@link dev.socksify.chain.dns.DnsOverTcp}: forwarding a query
 *       over any stream, e.g. a CONNECT tunnel through the chain to the configured resolver.
 *   <li>{@link dev.socksify.chain.dns.FakeDnsResolver}: answer from the pool, or forward.
 * </ul>
 */
package dev.socksify.chain.dns;
