package dev.socksify.chain.protocol.socks5;

import dev.socksify.chain.ChainException;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.protocol.ClientHandshake;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * SOCKS5 BIND: the proxy listens for one inbound connection from {@link HopContext#target()} (the peer the
 * application expects, e.g. an FTP server's data connection). BIND has two replies. This handshake is done after
 * the first, whose {@link #boundAddress()} is where the proxy listens (tell the peer that address; 0.0.0.0 or ::
 * means the address the proxy was reached at). Then {@link #awaitPeer()} reads the second reply, sent when the
 * peer has connected, whose bound address is the peer's.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1928#section-4">RFC 1928, section 4: Requests (BIND)</a>
 */
public final class Socks5Bind implements ClientHandshake {
  private final HopContext context;
  private final Socks5Handshake first;

  private Socks5Bind(HopContext context) {
    this.context = context;
    this.first = Socks5Handshake.command(context, Socks5Command.BIND, context.target());
  }

  /** Asks the hop to accept one connection from {@link HopContext#target()}. */
  public static Socks5Bind bind(HopContext context) {
    return new Socks5Bind(context);
  }

  @Override
  public ByteBuffer start() throws ChainException {
    return first.start();
  }

  @Override
  public int bytesNeeded() {
    return first.bytesNeeded();
  }

  @Override
  public ByteBuffer receive(ByteBuffer in) throws ChainException {
    return first.receive(in);
  }

  @Override
  public boolean isDone() {
    return first.isDone();
  }

  /** Where the proxy listens for the peer (first reply). */
  @Override
  public InetSocketAddress boundAddress() {
    return first.boundAddress();
  }

  /**
   * The wait for the second reply, once this handshake is done. Its {@code start()} is empty (nothing to send);
   * it is done when the peer has connected, and its {@code boundAddress()} is the peer's address. From then on
   * the connection carries the peer's stream. A refusal (e.g. the wrong peer connected, or the proxy gave up)
   * comes as {@code HopRefusedException} like any reply.
   */
  public ClientHandshake awaitPeer() {
    if (!first.isDone()) {
      throw new IllegalStateException("first BIND reply not received yet: " + first);
    }
    return new SecondReply(context);
  }

  @Override
  public String toString() {
    return first.toString();
  }

  /** The second BIND reply: same format as the first, nothing sent. */
  private static final class SecondReply implements ClientHandshake {
    private enum State {
      WAITING,
      DONE,
      FAILED
    }

    private final HopContext context;
    private final Socks5ReplyDecoder reply;
    private State state = State.WAITING;

    SecondReply(HopContext context) {
      this.context = context;
      this.reply = new Socks5ReplyDecoder(context, context.target().isUnresolved());
    }

    @Override
    public ByteBuffer start() {
      return ByteBuffer.allocate(0);
    }

    @Override
    public int bytesNeeded() {
      return state == State.WAITING ? reply.bytesNeeded() : 0;
    }

    @Override
    public ByteBuffer receive(ByteBuffer in) throws ChainException {
      if (state != State.WAITING) {
        throw new IllegalStateException("receive() in state " + state + ": " + this);
      }
      try {
        if (reply.receive(in)) {
          state = State.DONE;
        }
      } catch (ChainException e) {
        state = State.FAILED;
        throw e;
      }
      return ByteBuffer.allocate(0);
    }

    @Override
    public boolean isDone() {
      return state == State.DONE;
    }

    /** The address of the peer that connected. */
    @Override
    public InetSocketAddress boundAddress() {
      return reply.bound();
    }

    @Override
    public String toString() {
      return "socks5 BIND second reply " + context + " [" + state + "]";
    }
  }
}
