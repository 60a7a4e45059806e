package dev.socksify.chain.protocol;

import dev.socksify.chain.ChainException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The client side of one proxy handshake as a transport-free state machine: bytes in, bytes or a decision out.
 * The blocking runner (agent in-band path) and the Netty runner (redirector, agent relay) drive the same
 * implementations.
 *
 * <p>Driving it: send {@link #start()}; then, until {@link #isDone()}, read at least one and at most
 * {@link #bytesNeeded()} bytes, pass them to {@link #receive(ByteBuffer)} and send what it returns. A runner that
 * must not read past the handshake (the agent hands the socket to the app afterwards) reads exactly
 * {@link #bytesNeeded()}; a runner with its own buffer may pass more and finds the surplus left in the buffer.
 *
 * <p>Implementations keep their state in an explicit field, never buffer more than the protocol's bounded reply
 * size, and fail with {@link ChainException} subtypes whose message names the hop and the reply code.
 */
public interface ClientHandshake {
  /**
   * The bytes that open the handshake. Empty only for a continuation that just waits for another reply (the
   * second reply of a SOCKS BIND, see {@code awaitPeer()} there).
   *
   * @throws ChainException the hop's protocol cannot carry this request (a host name to plain SOCKS4, an IPv6
   *     address to SOCKS4, a name longer than SOCKS5 allows, credentials too long); nothing was sent
   */
  ByteBuffer start() throws ChainException;

  /**
   * How many more bytes the handshake can use before it can decide anything; reading no more than this never
   * reads past the handshake. At least 1 until {@link #isDone()}, 0 after it and after a failure.
   */
  int bytesNeeded();

  /**
   * Consumes handshake bytes from {@code in} (up to its limit, leaving anything past the handshake unread),
   * and returns the bytes to send next, possibly empty.
   *
   * @throws ChainException the proxy refused, or its reply is not the protocol
   */
  ByteBuffer receive(ByteBuffer in) throws ChainException;

  /** True once the proxy confirmed; the connection now carries the tunnelled stream. */
  boolean isDone();

  /**
   * The address the proxy reported (SOCKS BND.ADDR/BND.PORT), or {@code null} if the protocol has none or it
   * was not sent. Valid once done.
   */
  InetSocketAddress boundAddress();
}
