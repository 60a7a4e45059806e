package dev.socksify.agent.udp;

import dev.socksify.agent.connect.OwnThreads;
import dev.socksify.chain.Chain;
import dev.socksify.chain.udp.ControlConnector;
import dev.socksify.chain.udp.UdpAssociation;
import java.io.IOException;

/**
 * Opens UDP associations with the engine's blocking runner. The control connections are the agent's own: they are
 * made with the thread marked, so the connect hooks let them through instead of sending them into the chain again.
 */
final class AssociationOpener {
  private final ControlConnector connector;

  AssociationOpener(ControlConnector connector) {
    this.connector = connector;
  }

  /** See {@link UdpAssociation#open(Chain, ControlConnector)}. */
  UdpAssociation open(Chain chain) throws IOException {
    try {
      return OwnThreads.call(() -> UdpAssociation.open(chain, connector));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }
}
