package dev.socksify.chain.protocol.socks4;

import dev.socksify.chain.ChainException;
import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.protocol.ClientHandshake;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The client side of SOCKS4 and SOCKS4a: CONNECT, and BIND with its second reply. SOCKS4 carries IPv4 addresses
 * only; SOCKS4a also carries a host name (DSTIP 0.0.0.x, then the name after USERID). A request the protocol
 * cannot carry fails in {@link #start()} before anything is sent. USERID is the hop's user name if it has
 * credentials, else empty; SOCKS4 has no password field.
 *
 * <p>The reply is always 8 octets: {@code VN CD DSTPORT DSTIP}.
 *
 * @see <a href="https://www.openssh.com/txt/socks4.protocol">SOCKS 4 protocol</a>
 * @see <a href="https://www.openssh.com/txt/socks4a.protocol">SOCKS 4A extension</a>
 */
public final class Socks4Handshake implements ClientHandshake {
  private enum State {
    NEW,
    REPLY,
    DONE,
    FAILED
  }

  private static final int VERSION = 0x04;
  private static final int CONNECT = 0x01;
  private static final int BIND = 0x02;
  private static final int REPLY_LENGTH = 8;

  private final HopContext context;
  private final int command;
  private final boolean socks4a;
  private final boolean secondReply;
  private final byte[] reply = new byte[REPLY_LENGTH];
  private int received;
  private InetSocketAddress bound;
  private State state;

  private Socks4Handshake(HopContext context, int command, boolean socks4a, boolean secondReply) {
    this.context = context;
    this.command = command;
    this.socks4a = socks4a;
    this.secondReply = secondReply;
    this.state = secondReply ? State.REPLY : State.NEW;
  }

  /** Asks the hop to connect to {@link HopContext#target()}; with {@code socks4a} a name is sent as such. */
  public static Socks4Handshake connect(HopContext context, boolean socks4a) {
    return new Socks4Handshake(context, CONNECT, socks4a, false);
  }

  /**
   * Asks the hop to accept one connection from {@link HopContext#target()}. Done after the first reply, whose
   * {@link #boundAddress()} is where the proxy listens (0.0.0.0 means the proxy's own address); then
   * {@link #awaitPeer()} reads the second reply, sent when the peer connected.
   */
  public static Socks4Handshake bind(HopContext context, boolean socks4a) {
    return new Socks4Handshake(context, BIND, socks4a, false);
  }

  /**
   * The wait for BIND's second reply, once this BIND is done: {@code start()} is empty, and when done its
   * {@code boundAddress()} is the peer that connected. A refusal comes as {@link HopRefusedException}.
   */
  public Socks4Handshake awaitPeer() {
    if (command != BIND || secondReply || state != State.DONE) {
      throw new IllegalStateException("awaitPeer() needs a completed BIND: " + this);
    }
    return new Socks4Handshake(context, BIND, socks4a, true);
  }

  @Override
  public ByteBuffer start() throws ChainException {
    if (secondReply) {
      return ByteBuffer.allocate(0);
    }
    if (state != State.NEW) {
      throw new IllegalStateException("already started: " + this);
    }
    try {
      ByteBuffer request = request();
      state = State.REPLY;
      return request;
    } catch (ChainException e) {
      state = State.FAILED;
      throw e;
    }
  }

  /** {@code VN CD DSTPORT DSTIP USERID NUL}, for 4a with a name {@code DSTIP = 0.0.0.1} and {@code NAME NUL}. */
  private ByteBuffer request() throws ChainException {
    InetSocketAddress target = context.target();
    String scheme = context.hop().type().scheme();
    byte[] userId =
        context.hop().credentials().map(c -> c.user().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    if (contains(userId, (byte) 0)) {
      throw new HopRefusedException(context, scheme + " user id cannot contain a NUL byte", -1, DirectFailure.REFUSED);
    }
    byte[] address;
    byte[] name = null;
    // What the protocol cannot carry concerns this destination, not the hop's health: a refusal, so dynamic
    // chains do not drop the hop as dead over it.
    if (target.isUnresolved()) {
      if (!socks4a) {
        throw new HopRefusedException(
            context, scheme + " cannot carry a host name; use socks4a", -1, DirectFailure.UNKNOWN_HOST);
      }
      name = target.getHostString().getBytes(StandardCharsets.UTF_8);
      if (name.length == 0 || contains(name, (byte) 0)) {
        throw new HopRefusedException(context, scheme + " cannot carry this host name", -1, DirectFailure.UNKNOWN_HOST);
      }
      // 0.0.0.x with x nonzero: "an invalid IP address" that tells a 4a server a name follows.
      address = new byte[] {0, 0, 0, 1};
    } else if (target.getAddress() instanceof Inet4Address ipv4) {
      address = ipv4.getAddress();
    } else {
      throw new HopRefusedException(context, scheme + " cannot carry IPv6 addresses", -1, DirectFailure.NO_ROUTE);
    }
    ByteBuffer out = ByteBuffer.allocate(9 + userId.length + (name == null ? 0 : name.length + 1));
    out.put((byte) VERSION).put((byte) command).putShort((short) target.getPort()).put(address);
    out.put(userId).put((byte) 0);
    if (name != null) {
      out.put(name).put((byte) 0);
    }
    return out.flip();
  }

  @Override
  public int bytesNeeded() {
    return state == State.NEW || state == State.REPLY ? REPLY_LENGTH - received : 0;
  }

  @Override
  public ByteBuffer receive(ByteBuffer in) throws ChainException {
    if (state != State.REPLY) {
      throw new IllegalStateException("receive() in state " + state + ": " + this);
    }
    try {
      while (in.hasRemaining() && received < REPLY_LENGTH) {
        reply[received++] = in.get();
        if (received == 1) {
          checkVersion(reply[0] & 0xff);
        } else if (received == 2) {
          checkCode(reply[1] & 0xff);
        }
      }
    } catch (ChainException e) {
      state = State.FAILED;
      throw e;
    }
    if (received == REPLY_LENGTH) {
      bound = new InetSocketAddress(ipv4(reply), ((reply[2] & 0xff) << 8) | (reply[3] & 0xff));
      state = State.DONE;
    }
    return ByteBuffer.allocate(0);
  }

  // The protocol says VN is 0 in replies. Some servers echo the request's 4 instead; since nothing else could be
  // meant by it, it is accepted. Anything else (a SOCKS5 server's 0x05, an HTTP server's 'H') is not SOCKS4.
  private void checkVersion(int version) throws ChainException {
    if (version != 0x00 && version != VERSION) {
      throw HopUnreachableException.protocol(
          context, String.format("not a socks4 reply (version 0x%02x, expected 0x00)", version));
    }
  }

  private void checkCode(int code) throws ChainException {
    Socks4ReplyCode reply = Socks4ReplyCode.of(code);
    if (reply == null) {
      throw HopUnreachableException.protocol(
          context, String.format("unknown socks4 reply code 0x%02x (%d)", code, code));
    }
    if (reply != Socks4ReplyCode.GRANTED) {
      // 91 is all SOCKS4 has for "refused", "unreachable" and "unknown name" alike (danted answers 91 to any
      // 4a request); a direct connect's nearest equivalent is a refusal.
      throw new HopRefusedException(context, reply.meaning(), code, DirectFailure.REFUSED);
    }
  }

  @Override
  public boolean isDone() {
    return state == State.DONE;
  }

  /**
   * DSTIP/DSTPORT of the reply: for BIND where the proxy listens (first reply) or the peer (second reply); for
   * CONNECT whatever the server put there (the protocol says to ignore it; many send 0.0.0.0:0).
   */
  @Override
  public InetSocketAddress boundAddress() {
    return bound;
  }

  private static InetAddress ipv4(byte[] reply) {
    try {
      return InetAddress.getByAddress(new byte[] {reply[4], reply[5], reply[6], reply[7]});
    } catch (UnknownHostException e) {
      throw new AssertionError("4 octets are always an address", e);
    }
  }

  private static boolean contains(byte[] bytes, byte value) {
    for (byte b : bytes) {
      if (b == value) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    String what = command == CONNECT ? " CONNECT " : secondReply ? " BIND second reply " : " BIND ";
    return context.hop().type().scheme() + what + context + " [" + state + "]";
  }
}
