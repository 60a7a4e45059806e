package dev.socksify.chain.protocol.socks5;

import dev.socksify.chain.ChainException;
import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.protocol.ClientHandshake;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The client side of a SOCKS5 request (RFC 1928): method negotiation, the RFC 1929 username/password
 * sub-negotiation when the hop has credentials and the server asks for it, then one command and its reply.
 * {@link #connect} is the CONNECT every chain hop uses; {@link Socks5Bind} and {@link Socks5UdpAssociate} run the
 * other two commands through the same machine.
 *
 * <p>The target is sent as it comes: a resolved address as IPv4/IPv6, an unresolved one as DOMAIN. Whether a
 * name is resolved locally first ({@code socks5://}) or handed over ({@code socks5h://}) is the runner's
 * decision, made before it gets here.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1928">RFC 1928: SOCKS Protocol Version 5</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1929">RFC 1929: Username/Password Authentication for SOCKS V5</a>
 */
public final class Socks5Handshake implements ClientHandshake {
  private enum State {
    NEW,
    METHOD,
    AUTH,
    REPLY,
    DONE,
    FAILED
  }

  private static final int RESERVED = 0x00;

  private final HopContext context;
  private final Socks5Command command;
  private final InetSocketAddress requestAddress;
  private final Socks5MethodNegotiation methods;
  private final Socks5PasswordAuth auth;
  private final Socks5ReplyDecoder reply;
  private State state = State.NEW;

  private Socks5Handshake(HopContext context, Socks5Command command, InetSocketAddress requestAddress) {
    this.context = context;
    this.command = command;
    this.requestAddress = requestAddress;
    this.auth = context.hop().credentials().map(c -> new Socks5PasswordAuth(context, c)).orElse(null);
    this.methods = new Socks5MethodNegotiation(context, auth != null);
    this.reply = new Socks5ReplyDecoder(context, requestAddress.isUnresolved());
  }

  /** Asks the hop to connect to {@link HopContext#target()}. */
  public static Socks5Handshake connect(HopContext context) {
    return new Socks5Handshake(context, Socks5Command.CONNECT, context.target());
  }

  /** Any command with {@code requestAddress} as DST.ADDR/DST.PORT; messages still name the context's target. */
  static Socks5Handshake command(HopContext context, Socks5Command command, InetSocketAddress requestAddress) {
    return new Socks5Handshake(context, command, requestAddress);
  }

  @Override
  public ByteBuffer start() throws ChainException {
    if (state != State.NEW) {
      throw new IllegalStateException("already started: " + this);
    }
    // Limits of the wire format are found before anything is sent. They concern this request, not the hop's
    // health, so they are refusals: a dynamic chain must not drop the hop as dead over them.
    String problem = Socks5Address.problem(requestAddress);
    if (problem != null) {
      state = State.FAILED;
      throw new HopRefusedException(context, problem, -1, DirectFailure.UNKNOWN_HOST);
    }
    problem = auth == null ? null : auth.problem();
    if (problem != null) {
      state = State.FAILED;
      throw new HopRefusedException(context, problem, -1, DirectFailure.REFUSED);
    }
    state = State.METHOD;
    return methods.greeting();
  }

  @Override
  public int bytesNeeded() {
    return switch (state) {
      case NEW, METHOD -> methods.bytesNeeded();
      case AUTH -> auth.bytesNeeded();
      case REPLY -> reply.bytesNeeded();
      case DONE, FAILED -> 0;
    };
  }

  @Override
  public ByteBuffer receive(ByteBuffer in) throws ChainException {
    if (state == State.NEW || state == State.FAILED) {
      throw new IllegalStateException("receive() in state " + state + ": " + this);
    }
    ByteBuffer out = ByteBuffer.allocate(0);
    try {
      while (in.hasRemaining() && state != State.DONE) {
        switch (state) {
          case METHOD -> {
            int method = methods.receive(in);
            if (method == Socks5MethodNegotiation.USERNAME_PASSWORD) {
              out = auth.request();
              state = State.AUTH;
            } else if (method == Socks5MethodNegotiation.NO_AUTHENTICATION) {
              out = request();
              state = State.REPLY;
            }
          }
          case AUTH -> {
            if (auth.receive(in)) {
              out = concat(out, request());
              state = State.REPLY;
            }
          }
          case REPLY -> {
            if (reply.receive(in)) {
              state = State.DONE;
            }
          }
          default -> throw new IllegalStateException(state.name());
        }
      }
    } catch (ChainException e) {
      state = State.FAILED;
      throw e;
    }
    return out;
  }

  @Override
  public boolean isDone() {
    return state == State.DONE;
  }

  /** BND.ADDR/BND.PORT of the reply; a DOMAIN comes back unresolved. */
  @Override
  public InetSocketAddress boundAddress() {
    return reply.bound();
  }

  /** {@code VER CMD RSV ATYP DST.ADDR DST.PORT}. */
  private ByteBuffer request() {
    ByteBuffer out = ByteBuffer.allocate(3 + Socks5Address.encodedLength(requestAddress));
    out.put((byte) Socks5MethodNegotiation.VERSION).put((byte) command.code()).put((byte) RESERVED);
    Socks5Address.write(requestAddress, out);
    return out.flip();
  }

  // One buffer holding the method reply and the authentication reply (a runner with its own buffer, a server
  // that answers ahead) completes two steps in one call, and both requests go out together.
  private static ByteBuffer concat(ByteBuffer first, ByteBuffer second) {
    if (!first.hasRemaining()) {
      return second;
    }
    return ByteBuffer.allocate(first.remaining() + second.remaining()).put(first).put(second).flip();
  }

  @Override
  public String toString() {
    return "socks5 " + command + " " + context + " [" + state + "]";
  }
}
