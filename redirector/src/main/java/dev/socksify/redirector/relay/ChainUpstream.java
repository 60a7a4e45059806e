package dev.socksify.redirector.relay;

import dev.socksify.chain.Chain;
import dev.socksify.chain.netty.NettyChainConnector;
import dev.socksify.chain.netty.NettyTunnel;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.stream.Collectors;

/** Through a chain of proxies, with the chain engine's Netty runner on the client's own event loop. */
public final class ChainUpstream implements Upstream {
  private final Chain chain;
  private final NettyChainConnector connector;
  private final String via;

  public ChainUpstream(Chain chain, NettyChainConnector connector) {
    this.chain = chain;
    this.connector = connector;
    this.via = "chain " + chain.name() + " (" + chain.hops().stream().map(Object::toString)
        .collect(Collectors.joining(" -> ")) + ")";
  }

  @Override
  public Future<Tunnel> open(EventLoop loop, InetSocketAddress destination) {
    EarlyBytes early = new EarlyBytes();
    Future<NettyTunnel> attempt = connector.connect(chain, destination, early, loop);
    Promise<Tunnel> promise = loop.newPromise();
    attempt.addListener(done -> {
      if (!done.isSuccess()) {
        promise.tryFailure(done.cause());
        return;
      }
      NettyTunnel tunnel = attempt.getNow();
      ByteBuf bytes = early.take();
      tunnel.channel().pipeline().remove(early);
      if (!promise.trySuccess(new Tunnel(tunnel.channel(), bytes))) {
        bytes.release();
        tunnel.channel().close();
      }
    });
    promise.addListener(done -> {
      if (done.isCancelled()) {
        attempt.cancel(false);
      }
    });
    return promise;
  }

  @Override
  public String via() {
    return via;
  }
}
