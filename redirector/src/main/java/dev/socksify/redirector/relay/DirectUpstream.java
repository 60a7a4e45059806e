package dev.socksify.redirector.relay;

import dev.socksify.chain.Timeouts;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;

/** Connects straight to the destination (rules said {@code direct}), with the own-traffic mark. */
public final class DirectUpstream implements Upstream {
  private final UpstreamChannels channels;

  public DirectUpstream(UpstreamChannels channels) {
    this.channels = channels;
  }

  @Override
  public Future<Tunnel> open(EventLoop loop, InetSocketAddress destination) {
    Promise<Tunnel> promise = loop.newPromise();
    EpollSocketChannel channel;
    try {
      channel = channels.newChannel(destination, Timeouts.DEFAULT_CONNECT);
    } catch (RuntimeException e) {
      return promise.setFailure(e);
    }
    loop.register(channel).addListener((ChannelFutureListener) registered -> {
      if (!registered.isSuccess()) {
        promise.tryFailure(registered.cause());
        return;
      }
      channel.connect(destination).addListener((ChannelFutureListener) connected -> {
        if (connected.isSuccess()) {
          if (!promise.trySuccess(Tunnel.of(channel))) {
            channel.close();
          }
        } else {
          promise.tryFailure(connected.cause());
          channel.close();
        }
      });
    });
    return promise;
  }

  @Override
  public String via() {
    return "direct";
  }
}
