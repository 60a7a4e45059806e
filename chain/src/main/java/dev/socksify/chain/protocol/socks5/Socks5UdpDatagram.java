package dev.socksify.chain.protocol.socks5;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One datagram to or from a SOCKS5 UDP relay, header removed.
 *
 * @param address DST.ADDR/DST.PORT: the destination when sending, the origin when received; a DOMAIN is
 *     unresolved
 * @param payload the user data (a read-only view when decoded; it shares the datagram's memory)
 */
public record Socks5UdpDatagram(InetSocketAddress address, ByteBuffer payload) {}
