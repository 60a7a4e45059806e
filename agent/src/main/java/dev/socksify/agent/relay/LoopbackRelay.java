package dev.socksify.agent.relay;

import dev.socksify.agent.connect.FlowLog;
import dev.socksify.agent.connect.OwnThreads;
import dev.socksify.agent.connect.RelayPath;
import dev.socksify.agent.inband.SunNio;
import dev.socksify.chain.Chain;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;

/**
 * The in-process relay for callers that must not block for a chain handshake (non-blocking {@code SocketChannel},
 * {@code AsynchronousSocketChannel}, and so the JDK's {@code HttpClient} and Netty NIO apps). The app's socket is
 * connected to a loopback listener of the agent instead of its destination, which returns at once as a loopback
 * connect does; the relay ({@link RelayServer}) then runs the chain and copies bytes both ways with bounded buffers,
 * passing half-closes on. A chain failure reaches the app as a connection reset on its first read or write.
 *
 * <p>The app's socket keeps reporting its original destination ({@code SocketChannelImpl} and the async channel
 * store it before connecting); its local address is a loopback one. The relay starts on first use.
 */
public final class LoopbackRelay implements RelayPath {
  private final SunNio nio;
  private final FlowLog log;
  private final RelayTargets targets = new RelayTargets();
  private volatile RelayServer server;

  public LoopbackRelay(SunNio nio, FlowLog log) {
    this.nio = nio;
    this.log = log;
  }

  @Override
  public int connect(ProtocolFamily family, FileDescriptor fd, InetSocketAddress target, Chain chain, String app)
      throws IOException {
    InetSocketAddress listener = server().listener(family);
    int result;
    try {
      result = OwnThreads.call(() -> nio.connect(family, fd, listener.getAddress(), listener.getPort()));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    // connect(2) has bound the socket even while the handshake is in progress, so its port is known now
    targets.offer(nio.localAddress(fd).getPort(), new RelayTargets.Target(target, chain, app));
    return result;
  }

  private RelayServer server() throws IOException {
    RelayServer current = server;
    if (current == null) {
      synchronized (this) {
        current = server;
        if (current == null) {
          current = RelayServer.start(targets, log);
          server = current;
        }
      }
    }
    return current;
  }
}
