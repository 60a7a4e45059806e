/**
 * UDP through a chain of SOCKS5 hops (RFC 1928 §7 UDP ASSOCIATE), nested once per hop.
 *
 * <h2>Pieces</h2>
 *
 * <ul>
 *   <li>{@link dev.socksify.chain.udp.UdpAssociation#open(dev.socksify.chain.Chain)} (blocking) opens the control
 *       connections: hop 1's directly, hop k's through hops 1…k-1 (CONNECT), each followed by UDP ASSOCIATE
 *       0.0.0.0:0. It yields the {@link dev.socksify.chain.udp.Relay} of every hop and lives while all control
 *       connections are open. Hops that cannot carry UDP fail with
 *       {@link dev.socksify.chain.udp.UdpUnsupportedException} naming the hop.
 *   <li>{@link dev.socksify.chain.udp.UdpEncapsulation} is pure: {@code wrap(destination, payload)} gives the
 *       datagram to send to {@code sendTo()} (hop 1's relay), {@code unwrap(datagram)} gives the real sender and
 *       payload, or a {@link dev.socksify.chain.udp.Unwrapped.Dropped} with its reason (fragment, malformed, not
 *       from the next relay). {@code maxPayload(destination)} is the EMSGSIZE limit for that depth.
 *   <li>{@link dev.socksify.chain.udp.BlockingUdpChannel} puts both on a blocking {@code DatagramChannel}
 *       connected to hop 1's relay: {@code send(payload, destination)}, {@code receive(buffer, timeout)} returning
 *       the real sender. This is the agent's piece.
 *   <li>{@link dev.socksify.chain.udp.netty.NettyUdpAssociator} opens the same association with the Netty chain
 *       runner, without blocking an event loop, and
 *       {@link dev.socksify.chain.udp.netty.UdpEncapsulationCodec} puts the encapsulation in a Netty datagram
 *       pipeline. These are the redirector's pieces.
 *   <li>{@link dev.socksify.chain.udp.UdpSetup}, {@link dev.socksify.chain.udp.UdpControl} and
 *       {@link dev.socksify.chain.udp.UdpAssociation#of} are the runner-independent steps both openers share.
 * </ul>
 *
 * <h2>Driving it from Netty (redirector)</h2>
 *
 * <pre>{@code
 * NettyUdpAssociator associator = new NettyUdpAssociator(new NettyChainConnector(tcpBootstrap));
 * associator.open(chain, loop).addListener(f -> { ... });    // or UdpAssociation.open(chain) off the loop
 * // once open:
 * UdpStats stats = new UdpStats();
 * pipeline.addLast(new UdpEncapsulationCodec(association.encapsulation(), stats), flowHandler);
 * association.onClose(reason -> channel.close());           // a proxy dropped a control connection
 * channel.closeFuture().addListener(f -> association.close()); // the flow expired
 * // write new DatagramPacket(payload, destination); reads arrive as DatagramPacket(payload, local, realSender)
 * }</pre>
 *
 * <p>Without the codec, the same three calls do it: send {@code encapsulation.wrap(destination, payload)} to
 * {@code encapsulation.sendTo()}; for every datagram read, drop it unless
 * {@code encapsulation.isFromFirstRelay(sender)}, then {@code encapsulation.unwrap(bytes)}.
 *
 * <h2>Limits and choices</h2>
 *
 * <ul>
 *   <li>Every hop must carry UDP (SOCKS5 with UDP ASSOCIATE: danted, ss-local {@code -u}). Going around an HTTP
 *       or SOCKS4 hop would change where datagrams leave, so it is an error, not a fallback; the caller (a rule)
 *       decides what to do instead.
 *   <li>A relay reported as 0.0.0.0 or :: is the address the hop was reached at: the dialed address for hop 1,
 *       the configured hop address (possibly a name, resolved by the previous hop) for later hops.
 *   <li>FRAG is never sent and fragments are dropped (counted): no proxy here fragments, and reassembly is
 *       optional in RFC 1928.
 *   <li>UDP has no flow control: a sender that outruns a relay's socket buffers loses datagrams, as it would
 *       without proxies. The tests keep a window of outstanding datagrams.
 * </ul>
 */
package dev.socksify.chain.udp;
