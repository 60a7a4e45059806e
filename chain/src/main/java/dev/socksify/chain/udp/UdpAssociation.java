package dev.socksify.chain.udp;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.Hop;
import dev.socksify.chain.connect.ChainAttempts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A SOCKS5 UDP association through a chain of hops that all carry UDP: the control connections that keep every
 * hop's relay alive, and the {@link UdpEncapsulation} for datagrams through those relays. It does not own a
 * datagram socket: {@link BlockingUdpChannel} adds one for blocking use, a Netty user sends
 * {@link UdpEncapsulation#wrap wrapped} datagrams from its own channel (see the package documentation).
 *
 * <p>Opening nests the associations (verified with two danted hops, see DESIGN.md): hop 1's control connection
 * goes straight to hop 1; hop k's goes through hops 1…k-1, each asked to CONNECT to the next; on each, UDP
 * ASSOCIATE with client address 0.0.0.0:0, because only the previous hop knows the source address its relay
 * will use. A relay reported as 0.0.0.0 or :: is the address that hop was reached at.
 *
 * <p>The association lives while every control connection is open (RFC 1928 §7: a relay ends with its TCP
 * connection). {@link #close()} closes them all; when a proxy drops one, the others are closed too, listeners
 * hear why, and {@link #ensureOpen()} throws {@link UdpAssociationClosedException} naming the hop.
 */
public final class UdpAssociation implements AutoCloseable {
  private final List<UdpControl> controls;
  private final UdpEncapsulation encapsulation;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private String closedBecause;

  private UdpAssociation(List<? extends UdpControl> controls, UdpEncapsulation encapsulation) {
    this.controls = List.copyOf(controls);
    this.encapsulation = encapsulation;
  }

  /** Opens an association through {@code chain} with the engine's blocking chain runner. */
  public static UdpAssociation open(Chain chain) throws IOException {
    return open(chain, ControlConnector.blocking());
  }

  /**
   * Opens an association through {@code chain}, making the control connections with {@code connector}. Blocks
   * for up to each hop's connect and read timeouts. A chain mode that skips dead hops (dynamic, random,
   * round-robin) gets another attempt without a hop found unreachable, as for TCP; a hop that cannot carry UDP
   * is not skipped: the chain was configured with it, and going around it would change where datagrams leave.
   *
   * @throws UdpUnsupportedException a hop cannot carry UDP (checked for every hop before connecting anywhere,
   *     then again from each proxy's answer)
   * @throws dev.socksify.chain.ChainException a hop was unreachable or refused
   */
  public static UdpAssociation open(Chain chain, ControlConnector connector) throws IOException {
    Objects.requireNonNull(connector, "connector");
    ChainAttempts attempts = new ChainAttempts(chain);
    while (true) {
      List<Hop> hops = attempts.select();
      UdpSetup.checkHops(hops);
      List<UdpControl> controls = new ArrayList<>();
      int k = 1;
      try {
        List<Relay> relays = new ArrayList<>();
        for (; k <= hops.size(); k++) {
          ControlConnector.Control control = connector.open(hops.subList(0, k));
          controls.add(new BlockingUdpControl(control.transport()));
          relays.add(UdpSetup.relay(k, hops.get(k - 1), control.bound(), control.reachedAt()));
        }
        return of(relays, controls);
      } catch (ChainException e) {
        closeAll(controls, e);
        attempts.failed(UdpSetup.judge(e, k), hops);
      } catch (IOException | RuntimeException e) {
        closeAll(controls, e);
        throw e;
      }
    }
  }

  /**
   * An association over control connections a runner opened (one per relay, hop 1 first), watched from now on;
   * the blocking {@link #open} and the Netty opener end here. If watching fails, the controls are closed.
   */
  public static UdpAssociation of(List<Relay> relays, List<? extends UdpControl> controls) throws IOException {
    if (relays.size() != controls.size()) {
      throw new IllegalArgumentException(relays.size() + " relays but " + controls.size() + " control connections");
    }
    UdpAssociation association = new UdpAssociation(controls, new UdpEncapsulation(relays));
    try {
      for (int i = 0; i < controls.size(); i++) {
        String prefix = "hop " + (i + 1) + " " + relays.get(i).hop() + " control connection ";
        controls.get(i).watch(end -> association.end(prefix + end));
      }
    } catch (IOException | RuntimeException e) {
      association.close();
      throw e;
    }
    return association;
  }

  /** How datagrams are wrapped for this association's relays. */
  public UdpEncapsulation encapsulation() {
    return encapsulation;
  }

  /** The relay of every hop, hop 1 first. */
  public List<Relay> relays() {
    return encapsulation.relays();
  }

  /** Whether every control connection is still open and {@link #close()} was not called. */
  public boolean isOpen() {
    synchronized (lock) {
      return closedBecause == null;
    }
  }

  /** Why the association ended, or {@code null} while it is open. */
  public String closedBecause() {
    synchronized (lock) {
      return closedBecause;
    }
  }

  /** @throws UdpAssociationClosedException the association has ended, saying why */
  public void ensureOpen() throws UdpAssociationClosedException {
    String reason = closedBecause();
    if (reason != null) {
      throw new UdpAssociationClosedException(reason);
    }
  }

  /**
   * Runs {@code listener} once, with the reason, when the association ends (at once if it already has). It runs
   * on the thread that ended it: the control watcher's or the one calling {@link #close()}; keep it short.
   */
  public void onClose(Consumer<String> listener) {
    listeners.add(listener);
    String reason = closedBecause();
    if (reason != null && listeners.remove(listener)) {
      listener.accept(reason);
    }
  }

  /** Closes every control connection, which ends the relays. Idempotent. */
  @Override
  public void close() {
    end("closed");
  }

  private void end(String reason) {
    synchronized (lock) {
      if (closedBecause != null) {
        return;
      }
      closedBecause = reason;
    }
    closeAll(controls, null);
    for (Consumer<String> listener : listeners) {
      if (listeners.remove(listener)) {
        listener.accept(reason);
      }
    }
  }

  private static void closeAll(List<UdpControl> channels, Exception failure) {
    for (UdpControl channel : channels) {
      try {
        channel.close();
      } catch (IOException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return encapsulation + (isOpen() ? "" : " (closed: " + closedBecause() + ")");
  }
}
