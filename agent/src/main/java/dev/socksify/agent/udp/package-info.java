/**
 * UDP under the agent: {@code DatagramSocket} and {@code DatagramChannel} through SOCKS5 UDP ASSOCIATE
 * ({@code dev.socksify.chain.udp}), on the app's own socket.
 *
 * <h2>How</h2>
 *
 * <p>Both APIs end in {@code sun.nio.ch.DatagramChannelImpl} (JDK 15+), whose methods the advice in
 * {@code agent.advice.Datagram*Advice} hands to {@link dev.socksify.agent.udp.DatagramDispatcher} through the
 * bootstrap bridge {@code sun.nio.ch.SocksifyDatagramBridge}:
 *
 * <ul>
 *   <li>every unconnected send ends in the private {@code send(FileDescriptor, ByteBuffer, InetSocketAddress)}:
 *       a destination the rules send to a chain gets the socket's association (opened now if it has none), and
 *       the datagram is wrapped (one SOCKS5 header per hop) and sent to hop 1's relay on the app's own descriptor;
 *   <li>every receive ends in the private {@code receive(ByteBuffer, boolean)}: on a socket with an association
 *       the datagram is read into a buffer of the agent's, unwrapped, and its payload put where the app asked;
 *       {@code sourceSocketAddress()} then reports the real sender;
 *   <li>{@code connect(SocketAddress, boolean)} opens the association first and the {@code Net.connect} it makes
 *       (handed over by the TCP path's {@code ConnectDispatcher}) connects the socket to hop 1's relay, while the
 *       channel keeps the destination as its remote address; {@code beginWrite} hides that connection from
 *       {@code send}, and {@code read}/{@code write} become {@code receive}/{@code send} to the destination, so a
 *       connected socket takes the same wrapped path and hears only its destination;
 *   <li>{@code disconnect()} and {@code implCloseSelectableChannel()} keep the agent's view in step; a close ends
 *       the associations (a cleaner does it for a socket the app dropped without closing).
 * </ul>
 *
 * <h2>Choices</h2>
 *
 * <ul>
 *   <li>One association per socket and chain, opened at the first datagram (or connect) that needs it, on the
 *       app's thread: a non-blocking channel's first such send blocks once for it (a TCP handshake per hop, within
 *       the hops' timeouts); later sends never do. A proxy that drops the association gets a new one at the next
 *       send.
 *   <li>While a socket has an association it accepts datagrams from hop 1's relay and, unconnected, from senders
 *       the rules send direct; anything else is dropped, since an answer from behind the chain can only come
 *       through the relay.
 *   <li>Multicast goes direct: no relay can join a group for the app ({@code MulticastSocket} is not covered).
 *   <li>A datagram to a fake address (remote DNS) goes to the chain by name (SOCKS5 DOMAIN); answers are reported
 *       from the fake address: the connected destination, or the one name the socket sent to on the answer's port.
 *       A name a rule sends direct is resolved here and the datagram sent there.
 * </ul>
 */
package dev.socksify.agent.udp;
