package dev.socksify.redirector.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.Objects;

/**
 * An upstream connection ready to carry the flow's bytes: connected to the destination (directly or through the
 * chain), auto-read off, no handlers left. {@code early} holds destination bytes that arrived together with the
 * last hop's reply (a server that speaks first, like sshd, can be that quick); the relay sends them first.
 */
public record Tunnel(Channel channel, ByteBuf early) {
  public Tunnel {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(early, "early");
  }

  public static Tunnel of(Channel channel) {
    return new Tunnel(channel, Unpooled.EMPTY_BUFFER);
  }
}
