package dev.socksify.redirector.splice;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Relays established flows with splice(2) on its own threads. Netty sets each flow up (accept, original
 * destination, the chain's handshakes); then the engine takes duplicates of both sockets and Netty closes its
 * own descriptors, so Netty's per-connection state is gone and a long-lived or idle flow costs only a few
 * hundred bytes of Java heap. Why not Netty's own spliceTo: it spends several system calls and an auto-read
 * toggle per pipe-full; this engine spends two splices, and epoll reports only edges.
 */
public final class SpliceEngine implements AutoCloseable {
  /** How a flow ended, for its log line. */
  @FunctionalInterface
  public interface FlowEnd {
    void ended(String how);
  }

  private final SpliceLoop[] loops;
  private final AtomicInteger next = new AtomicInteger();

  public SpliceEngine(int threads) {
    loops = new SpliceLoop[threads];
    for (int i = 0; i < threads; i++) {
      loops[i] = new SpliceLoop("socksify-splice-" + (i + 1));
    }
  }

  /**
   * Takes over a flow. {@code clientFd} and {@code upstreamFd} are borrowed: the engine duplicates them, so the
   * caller closes its channels right after. {@code toClient} (destination bytes that came with the last hop's
   * reply) is sent to the client first, {@code toUpstream} (client bytes read while the tunnel was opened) upstream
   * first. {@code end} runs once, on an engine thread, when the flow is over.
   *
   * @throws IOException if the sockets cannot be taken over (nothing is held then)
   */
  public void relay(int clientFd, int upstreamFd, ByteBuffer toClient, ByteBuffer toUpstream, FlowEnd end)
      throws IOException {
    int client = Syscalls.dup(clientFd);
    if (client < 0) {
      throw new IOException("dup failed: " + Errno.describe(Syscalls.errno()));
    }
    int upstream = Syscalls.dup(upstreamFd);
    if (upstream < 0) {
      int errno = Syscalls.errno();
      Syscalls.close(client);
      throw new IOException("dup failed: " + Errno.describe(errno));
    }
    SpliceLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    SpliceFlow flow = new SpliceFlow(client, upstream, loop.pipes(), end);
    try {
      preload(flow.toClient(), toClient);
      preload(flow.toUpstream(), toUpstream);
      loop.add(flow);
    } catch (IOException | RuntimeException e) {
      flow.toClient().discard();
      flow.toUpstream().discard();
      Syscalls.close(client);
      Syscalls.close(upstream);
      throw e;
    }
  }

  private static void preload(SpliceDirection direction, ByteBuffer bytes) throws IOException {
    if (bytes.hasRemaining()) {
      Memory memory = new Memory(bytes.remaining());
      memory.write(0, toArray(bytes), 0, bytes.remaining());
      direction.preload(memory, bytes.remaining());
    }
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  /** Flows being relayed right now. */
  public int flows() {
    int total = 0;
    for (SpliceLoop loop : loops) {
      total += loop.flows();
    }
    return total;
  }

  @Override
  public void close() {
    for (SpliceLoop loop : loops) {
      loop.stop();
    }
  }
}
