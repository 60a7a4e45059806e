package dev.socksify.chain.udp;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.Hop;
import dev.socksify.chain.HopContext;
import dev.socksify.chain.HopRefusedException;
import dev.socksify.chain.HopUnreachableException;
import dev.socksify.chain.blocking.BlockingTransport;
import dev.socksify.chain.connect.ChainAttempts;
import dev.socksify.chain.protocol.socks5.Socks5UdpAssociate;
import java.io.IOException;
import java.net.InetSocketAddress;
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
  private final List<BlockingTransport> controls;
  private final UdpEncapsulation encapsulation;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private String closedBecause;

  private UdpAssociation(List<BlockingTransport> controls, UdpEncapsulation encapsulation) {
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
      try {
        return attempt(hops, connector);
      } catch (SetupFailure e) {
        attempts.failed(e.chainFailure, hops);
      }
    }
  }

  /** A failure that shows a hop dead, for {@link ChainAttempts} to judge; the other failures end the open. */
  private static final class SetupFailure extends Exception {
    private final ChainException chainFailure;

    SetupFailure(ChainException chainFailure) {
      super(chainFailure);
      this.chainFailure = chainFailure;
    }
  }

  private static UdpAssociation attempt(List<Hop> hops, ControlConnector connector)
      throws IOException, SetupFailure {
    for (int i = 0; i < hops.size(); i++) {
      UdpHopSupport.check(i + 1, hops.get(i));
    }
    List<BlockingTransport> controls = new ArrayList<>();
    try {
      List<Relay> relays = new ArrayList<>();
      for (int i = 0; i < hops.size(); i++) {
        ControlConnector.Control control;
        try {
          control = connector.open(hops.subList(0, i + 1));
        } catch (ChainException e) {
          throw classify(e, i + 1);
        }
        controls.add(control.transport());
        relays.add(relay(i + 1, hops.get(i), control));
      }
      UdpAssociation association = new UdpAssociation(controls, new UdpEncapsulation(relays));
      association.watch();
      return association;
    } catch (IOException | RuntimeException | SetupFailure e) {
      closeAll(controls, e);
      throw e;
    }
  }

  /**
   * What a failure to open hop {@code k}'s control connection means. Before hop k it is a chain failure like
   * any other, returned for {@link ChainAttempts} to judge. At hop k itself: 0x07 and EOF mean the proxy has no
   * UDP and another refusal ends the open (it is not a dead hop), both thrown; no usable answer makes hop k the
   * dead one, returned.
   */
  private static SetupFailure classify(ChainException e, int k) throws IOException {
    if (e.context().index() < k) {
      return new SetupFailure(e);
    }
    if (e instanceof HopRefusedException refused) {
      if (refused.replyCode() == 0x07) {
        throw UdpUnsupportedException.refused(k, e.context().hop(), meaning(e), e);
      }
      throw e;
    }
    if (e.getMessage().equals(HopUnreachableException.eof(e.context()).getMessage())) {
      // ssh -D and an ss-local without -u close the connection on a command they lack instead of answering 0x07.
      throw UdpUnsupportedException.refused(k, e.context().hop(),
          "proxy closed the connection (no UDP support, as ssh -D and ss-local without -u answer)", e);
    }
    return new SetupFailure(e);
  }

  private static Relay relay(int index, Hop hop, ControlConnector.Control control) throws HopUnreachableException {
    InetSocketAddress bound = control.bound();
    if (bound == null || bound.getPort() == 0) {
      throw HopUnreachableException.protocol(new HopContext(index, hop, Socks5UdpAssociate.ANY_CLIENT),
          "udp associate reply names no relay port");
    }
    return Relay.of(index, hop, bound, control.reachedAt());
  }

  /** The refusal's words and code without the context prefix the exception's message starts with. */
  private static String meaning(ChainException e) {
    String prefix = e.context() + ": ";
    String message = e.getMessage();
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private void watch() throws IOException {
    for (int i = 0; i < controls.size(); i++) {
      String hop = encapsulation.relays().get(i).hop().toString();
      String prefix = "hop " + (i + 1) + " " + hop + " control connection ";
      ControlWatcher.shared().watch(controls.get(i), end -> end(prefix + end));
    }
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

  private static void closeAll(List<BlockingTransport> channels, Exception failure) {
    for (BlockingTransport channel : channels) {
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
