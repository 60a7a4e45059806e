package dev.socksify.chain.udp.netty;

import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.Hop;
import dev.socksify.chain.connect.ChainAttempts;
import dev.socksify.chain.netty.NettyChainConnector;
import dev.socksify.chain.netty.NettyTunnel;
import dev.socksify.chain.protocol.socks5.Socks5UdpAssociate;
import dev.socksify.chain.udp.Relay;
import dev.socksify.chain.udp.UdpAssociation;
import dev.socksify.chain.udp.UdpControl;
import dev.socksify.chain.udp.UdpSetup;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Opens a {@link UdpAssociation} with the Netty chain runner, never blocking an event loop: the redirector's way
 * to give each UDP flow its association. The steps and their failures are those of the blocking
 * {@link UdpAssociation#open} (see {@link UdpSetup}); the control connections are channels, and a channel that
 * closes ends the association. Datagrams then go through a {@link UdpEncapsulationCodec}.
 */
public final class NettyUdpAssociator {
  private final NettyChainConnector connector;

  /** @param connector opens the control connections (its bootstrap sets group, channel type and options) */
  public NettyUdpAssociator(NettyChainConnector connector) {
    this.connector = Objects.requireNonNull(connector, "connector");
  }

  /**
   * Opens an association through {@code chain} with its control channels on {@code loop}. The future fails with
   * a {@link dev.socksify.chain.udp.UdpUnsupportedException} or a {@link ChainException} naming the hop;
   * cancelling it closes what was opened so far.
   */
  public Future<UdpAssociation> open(Chain chain, EventLoop loop) {
    Opening opening = new Opening(chain, loop);
    loop.execute(opening::attempt);
    return opening.promise;
  }

  /** One association's attempts; every method runs on {@link #loop}. */
  private final class Opening {
    private final ChainAttempts attempts;
    private final EventLoop loop;
    private final Promise<UdpAssociation> promise;
    private List<Hop> hops;
    private final List<ChannelControl> controls = new ArrayList<>();
    private final List<Relay> relays = new ArrayList<>();

    Opening(Chain chain, EventLoop loop) {
      this.attempts = new ChainAttempts(chain);
      this.loop = loop;
      this.promise = loop.newPromise();
      promise.addListener(f -> {
        if (f.isCancelled()) {
          loop.execute(this::closeControls);
        }
      });
    }

    void attempt() {
      closeControls();
      relays.clear();
      try {
        hops = attempts.select();
        UdpSetup.checkHops(hops);
      } catch (IOException e) {
        promise.tryFailure(e);
        return;
      }
      openControl(1);
    }

    private void openControl(int k) {
      if (promise.isDone()) {
        closeControls();
        return;
      }
      if (k > hops.size()) {
        try {
          if (!promise.trySuccess(UdpAssociation.of(relays, controls))) {
            closeControls();
          }
        } catch (IOException | RuntimeException e) {
          fail(e);
        }
        return;
      }
      ControlHandler handler = new ControlHandler();
      connector.connect(UdpSetup.controlRoute(hops, k), Socks5UdpAssociate.ANY_CLIENT, UdpSetup.handshakes(),
              handler, loop)
          .addListener(f -> opened(k, handler, f));
    }

    private void opened(int k, ControlHandler handler, Future<?> future) {
      if (!future.isSuccess()) {
        failed(k, future.cause());
        return;
      }
      NettyTunnel tunnel = (NettyTunnel) future.getNow();
      Channel channel = tunnel.channel();
      controls.add(new ChannelControl(channel, handler));
      Hop hop = hops.get(k - 1);
      InetSocketAddress reachedAt = k == 1 && channel.remoteAddress() instanceof InetSocketAddress dialed
          ? dialed
          : hop.address();
      try {
        relays.add(UdpSetup.relay(k, hop, tunnel.boundAddress(), reachedAt));
      } catch (ChainException e) {
        failed(k, e);
        return;
      }
      openControl(k + 1);
    }

    private void failed(int k, Throwable cause) {
      closeControls();
      if (!(cause instanceof ChainException chainFailure)) {
        fail(cause);
        return;
      }
      try {
        attempts.failed(UdpSetup.judge(chainFailure, k), hops);
      } catch (IOException e) {
        promise.tryFailure(e);
        return;
      }
      attempt();
    }

    private void fail(Throwable cause) {
      closeControls();
      promise.tryFailure(cause);
    }

    private void closeControls() {
      for (ChannelControl control : controls) {
        control.close();
      }
      controls.clear();
    }
  }

  /** A control channel: anything read is dropped (proxies send nothing after the reply); its close ends the relay. */
  private static final class ControlHandler extends ChannelInboundHandlerAdapter {
    private volatile Throwable failure;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failure = cause;
      ctx.close();
    }
  }

  private record ChannelControl(Channel channel, ControlHandler handler) implements UdpControl {
    @Override
    public void watch(Consumer<String> onEnd) {
      channel.closeFuture().addListener(f -> onEnd.accept(
          handler.failure == null ? "closed by the proxy" : "failed: " + handler.failure.getMessage()));
    }

    @Override
    public void close() {
      channel.close();
    }
  }
}
