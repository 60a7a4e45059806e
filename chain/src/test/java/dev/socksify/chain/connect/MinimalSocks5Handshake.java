package dev.socksify.chain.connect;

import dev.socksify.chain.DirectFailure;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.protocol.ClientHandshake;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A bare SOCKS5 CONNECT client (no auth) written for the runner tests, independent of the protocol package, so
 * the runners' own behaviour (buffering, surplus, which handshake runs at which step) is tested on its own. It
 * records how many bytes each {@code receive} call got, which shows whether a runner fed it past
 * {@link #bytesNeeded()}.
 */
final class MinimalSocks5Handshake implements ClientHandshake {
  private enum State {
    METHOD,
    REPLY_HEAD,
    REPLY_ADDRESS,
    DONE
  }

  private final HopContext step;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private State state = State.METHOD;
  private int need = 2;
  private int atyp;
  private InetSocketAddress bound;
  int largestReceive;

  MinimalSocks5Handshake(HopContext step) {
    this.step = step;
  }

  @Override
  public ByteBuffer start() {
    return ByteBuffer.wrap(new byte[] {5, 1, 0});
  }

  @Override
  public int bytesNeeded() {
    return state == State.DONE ? 0 : need - pending.size();
  }

  @Override
  public ByteBuffer receive(ByteBuffer in) throws HopRefusedException, HopUnreachableException {
    largestReceive = Math.max(largestReceive, in.remaining());
    while (state != State.DONE && in.hasRemaining() && pending.size() < need) {
      pending.write(in.get());
      if (pending.size() == need) {
        ByteBuffer answer = advance(ByteBuffer.wrap(pending.toByteArray()));
        pending.reset();
        if (answer.hasRemaining()) {
          return answer;
        }
      }
    }
    return ByteBuffer.allocate(0);
  }

  private ByteBuffer advance(ByteBuffer b) throws HopRefusedException, HopUnreachableException {
    switch (state) {
      case METHOD -> {
        if (b.get() != 5 || b.get() != 0) {
          throw HopUnreachableException.protocol(step, "bad method reply");
        }
        state = State.REPLY_HEAD;
        need = 4;
        return request();
      }
      case REPLY_HEAD -> {
        if (b.get() != 5) {
          throw HopUnreachableException.protocol(step, "bad version");
        }
        int rep = b.get() & 0xFF;
        if (rep != 0) {
          throw new HopRefusedException(step, "refused", rep, DirectFailure.REFUSED);
        }
        b.get();
        atyp = b.get();
        state = State.REPLY_ADDRESS;
        need = (atyp == 4 ? 16 : 4) + 2;
      }
      case REPLY_ADDRESS -> {
        byte[] addr = new byte[atyp == 4 ? 16 : 4];
        b.get(addr);
        int port = b.getShort() & 0xFFFF;
        try {
          bound = new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
          throw HopUnreachableException.protocol(step, "bad address");
        }
        state = State.DONE;
        need = 0;
      }
      default -> throw new IllegalStateException(state.name());
    }
    return ByteBuffer.allocate(0);
  }

  private ByteBuffer request() {
    InetSocketAddress target = step.target();
    ByteArrayOutputStream r = new ByteArrayOutputStream();
    r.writeBytes(new byte[] {5, 1, 0});
    if (target.isUnresolved()) {
      byte[] name = target.getHostString().getBytes(StandardCharsets.US_ASCII);
      r.write(3);
      r.write(name.length);
      r.writeBytes(name);
    } else {
      byte[] addr = target.getAddress().getAddress();
      r.write(addr.length == 4 ? 1 : 4);
      r.writeBytes(addr);
    }
    r.write(target.getPort() >> 8);
    r.write(target.getPort());
    return ByteBuffer.wrap(r.toByteArray());
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
