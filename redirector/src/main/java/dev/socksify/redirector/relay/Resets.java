package dev.socksify.redirector.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;

/** Ending a connection with RST instead of FIN, so the peer learns at once that the flow failed. */
final class Resets {
  private Resets() {}

  /** SO_LINGER 0 then close: the kernel drops unsent data and answers with RST. */
  static void reset(Channel channel) {
    if (channel.isOpen()) {
      try {
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
      } catch (RuntimeException alreadyGone) {
        // the socket is closing anyway; a plain close is the best left
      }
      channel.close();
    }
  }
}
