package dev.socksify.redirector.udp;

import java.net.InetSocketAddress;

/**
 * What a UDP flow is: one client socket, as one SOCKS5 association is one socket of the agent's. A client socket
 * that sends to several destinations keeps one association for all of them, and a reply is sent on from the
 * address the last hop saw it come from. Datagrams to a fake address are the exception: they go to the chain by
 * name, and the last hop reports the real address a reply came from, which cannot be mapped back to the fake one;
 * so each (client socket, fake destination) is a flow of its own, and its replies come from the fake address.
 *
 * @param client the client socket's address
 * @param named the fake destination, or null for a flow of real addresses
 */
record FlowKey(InetSocketAddress client, InetSocketAddress named) {}
