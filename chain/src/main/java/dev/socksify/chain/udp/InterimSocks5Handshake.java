package dev.socksify.chain.udp;

import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.protocol.ClientHandshake;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Stand-in SOCKS5 client (CONNECT, UDP ASSOCIATE) until the protocols branch lands on main; removed then. */
final class InterimSocks5Handshake implements ClientHandshake {
  private enum State { METHOD, AUTH, REPLY_HEAD, REPLY_ADDRESS, DONE }

  private final HopContext context;
  private final int command;
  private State state = State.METHOD;
  private final ByteBuffer buffer = ByteBuffer.allocate(300);
  private int needed = 2;
  private int atyp;
  private byte first;
  private InetSocketAddress bound;

  InterimSocks5Handshake(HopContext context, int command) {
    this.context = context;
    this.command = command;
  }

  @Override
  public ByteBuffer start() {
    boolean auth = context.hop().credentials().isPresent();
    return ByteBuffer.wrap(auth ? new byte[] {5, 2, 0, 2} : new byte[] {5, 1, 0});
  }

  @Override
  public int bytesNeeded() {
    return state == State.DONE ? 0 : needed - buffer.position();
  }

  @Override
  public ByteBuffer receive(ByteBuffer in) throws HopRefusedException, HopUnreachableException {
    while (in.hasRemaining() && buffer.position() < needed) {
      buffer.put(in.get());
    }
    if (buffer.position() < needed) {
      return ByteBuffer.allocate(0);
    }
    buffer.flip();
    ByteBuffer out = step();
    buffer.clear();
    return out;
  }

  private ByteBuffer step() throws HopRefusedException, HopUnreachableException {
    switch (state) {
      case METHOD -> {
        buffer.get();
        int method = buffer.get() & 0xff;
        if (method == 2) {
          var c = context.hop().credentials().orElseThrow();
          byte[] user = c.user().getBytes(StandardCharsets.UTF_8);
          byte[] pass = c.password().getBytes(StandardCharsets.UTF_8);
          ByteBuffer out = ByteBuffer.allocate(3 + user.length + pass.length);
          out.put((byte) 1).put((byte) user.length).put(user).put((byte) pass.length).put(pass).flip();
          state = State.AUTH;
          needed = 2;
          return out;
        }
        if (method != 0) {
          throw new HopRefusedException(context, "no acceptable authentication method", method, DirectFailure.REFUSED);
        }
        return request();
      }
      case AUTH -> {
        buffer.get();
        int status = buffer.get() & 0xff;
        if (status != 0) {
          throw new HopRefusedException(context, "authentication failed", status, DirectFailure.REFUSED);
        }
        return request();
      }
      case REPLY_HEAD -> {
        buffer.get();
        int rep = buffer.get() & 0xff;
        if (rep != 0) {
          throw new HopRefusedException(context, rep == 7 ? "command not supported" : "refused", rep,
              DirectFailure.REFUSED);
        }
        buffer.get();
        atyp = buffer.get() & 0xff;
        first = buffer.get();
        needed = atyp == 1 ? 3 + 2 : atyp == 4 ? 15 + 2 : (first & 0xff) + 2;
        state = State.REPLY_ADDRESS;
        return ByteBuffer.allocate(0);
      }
      case REPLY_ADDRESS -> {
        ByteBuffer header = ByteBuffer.allocate(5 + buffer.remaining());
        header.put(new byte[] {0, 0, 0, (byte) atyp, first}).put(buffer).flip();
        UdpHeaders.Header parsed = UdpHeaders.read(header);
        if (parsed == null) {
          throw HopUnreachableException.protocol(context, "bad bound address");
        }
        bound = parsed.address();
        state = State.DONE;
        return ByteBuffer.allocate(0);
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  private ByteBuffer request() {
    InetSocketAddress target = context.target();
    ByteBuffer out = ByteBuffer.allocate(3 + UdpHeaders.length(target));
    out.put((byte) 5).put((byte) command).put((byte) 0);
    ByteBuffer header = ByteBuffer.allocate(UdpHeaders.length(target));
    UdpHeaders.write(header, target);
    header.flip().position(3);
    out.put(header).flip();
    state = State.REPLY_HEAD;
    needed = 5;
    return out;
  }

  @Override
  public boolean isDone() {
    return state == State.DONE;
  }

  @Override
  public InetSocketAddress boundAddress() {
    return bound;
  }
}
