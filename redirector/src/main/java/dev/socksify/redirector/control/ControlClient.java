package dev.socksify.redirector.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** Asks a running redirector for its status over its control socket. */
public final class ControlClient {
  /** A status longer than this is not from us. */
  private static final int MAX_STATUS = 1 << 20;

  private ControlClient() {}

  /** The status text, or empty when nothing answers at {@code path}. */
  public static Optional<String> status(Path path) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(path));
      ByteBuffer buf = ByteBuffer.allocate(MAX_STATUS);
      while (buf.hasRemaining() && channel.read(buf) >= 0) {
        // read to EOF
      }
      buf.flip();
      return Optional.of(StandardCharsets.UTF_8.decode(buf).toString());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static boolean answers(Path path) {
    return status(path).isPresent();
  }
}
