package dev.socksify.redirector.control;

import dev.socksify.redirector.Log;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.function.Supplier;

/**
 * The Unix socket {@code status} asks (JDK 16+ Unix domain sockets, so no extra library): whoever connects gets
 * the status text, then the connection closes. Bound as root before the privilege drop; its directory and the
 * socket are then given to the run-as user, so the daemon can still remove the socket when it stops.
 */
public final class ControlServer implements AutoCloseable {
  private final Path path;
  private final ServerSocketChannel server;
  private final Supplier<String> status;
  private final boolean createdDirectory;
  private volatile boolean closed;

  private ControlServer(Path path, ServerSocketChannel server, Supplier<String> status, boolean createdDirectory) {
    this.path = path;
    this.server = server;
    this.status = status;
    this.createdDirectory = createdDirectory;
  }

  /**
   * Binds {@code path}, replacing a stale socket file but refusing when another redirector answers there.
   *
   * @throws IOException if it cannot bind, or another redirector is running
   */
  public static ControlServer bind(Path path, Supplier<String> status) throws IOException {
    if (Files.exists(path)) {
      if (ControlClient.answers(path)) {
        throw new IOException("another redirector is running (its control socket " + path + " answers)");
      }
      Files.delete(path);
    }
    Path dir = path.toAbsolutePath().getParent();
    boolean created = false;
    if (dir != null && !Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      created = true;
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path));
      // anyone on the host may ask for the status; it holds no secret (hops print without passwords)
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    return new ControlServer(path, server, status, created);
  }

  /**
   * Hands the socket, and the directory if it was made for it (like /run/socksify), to the user the daemon drops
   * to, so it can remove the socket at exit. In a directory it does not own, a stale socket stays behind; the
   * next start replaces it.
   */
  public void giveTo(UserPrincipal owner) throws IOException {
    Files.setOwner(path, owner);
    if (createdDirectory) {
      Files.setOwner(path.toAbsolutePath().getParent(), owner);
    }
  }

  /** Answers on a daemon thread of its own (started by the caller's thread, so with its credentials). */
  public void start() {
    Thread t = new Thread(this::serve, "socksify-control");
    t.setDaemon(true);
    t.start();
  }

  private void serve() {
    while (!closed) {
      try (SocketChannel client = server.accept()) {
        ByteBuffer text = ByteBuffer.wrap(status.get().getBytes(StandardCharsets.UTF_8));
        while (text.hasRemaining()) {
          client.write(text);
        }
      } catch (IOException e) {
        if (!closed) {
          Log.warn("control socket " + path + ": " + e.getMessage());
        }
      }
    }
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
      Files.deleteIfExists(path);
    } catch (java.nio.file.AccessDeniedException e) {
      // after the drop, in a directory root owns (e.g. systemd's RuntimeDirectory, which systemd removes
      // itself): the stale socket is replaced by the next start
    } catch (IOException e) {
      Log.warn("cannot remove control socket " + path + ": " + e.getMessage());
    }
  }
}
