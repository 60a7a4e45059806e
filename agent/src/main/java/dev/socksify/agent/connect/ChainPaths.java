package dev.socksify.agent.connect;

import dev.socksify.agent.inband.InbandConnector;
import dev.socksify.chain.Chain;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;

/** The in-band path for blocking callers and the relay for the others. */
public final class ChainPaths implements ConnectPaths {
  private final InbandConnector inband;

  public ChainPaths(InbandConnector inband) {
    this.inband = inband;
  }

  @Override
  public int inBand(ConnectContext context, ProtocolFamily family, FileDescriptor fd, InetSocketAddress target,
      Chain chain) throws IOException {
    return inband.connect(context, family, fd, target, chain);
  }

  @Override
  public int viaRelay(ProtocolFamily family, FileDescriptor fd, InetSocketAddress target, Chain chain)
      throws IOException {
    throw new ConnectException("socksify: non-blocking connects are not supported yet");
  }
}
