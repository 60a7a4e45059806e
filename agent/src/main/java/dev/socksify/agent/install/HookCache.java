package dev.socksify.agent.install;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.Adler32;
import java.util.zip.CRC32C;

/**
 * Remembers what Byte Buddy made of each hooked class, so the next start of any app on the same JDK replays it
 * instead of loading Byte Buddy (most of the agent's start-up time). Keyed by content: this agent build (one directory
 * each), the class name, and the length and two checksums (CRC32C, Adler-32) of the class's original bytes, so a JDK
 * update, a class
 * another agent changed first, or a new agent build simply misses. Each file ends with a CRC32C of its content and
 * is written to a temp file and moved into place, so a torn or corrupted entry is ignored, never loaded. Checksums
 * rather than SHA-256 because initializing the JDK's security providers costs more start-up time than the cache
 * saves; they detect change and corruption, not tampering, which the directory's permissions ({@code rwx------},
 * the user's own) are for.
 *
 * <p>{@code -Dsocksify.hookCache=DIR} puts it elsewhere, {@code -Dsocksify.hookCache=off} turns it off; by default
 * it is {@code $XDG_CACHE_HOME/socksify/hooks} or {@code ~/.cache/socksify/hooks}. Any I/O problem only means a
 * miss. Other builds' entries unused for 30 days are removed whenever a new one is written.
 */
final class HookCache {
  static final String PROPERTY = "socksify.hookCache";
  private static final int TRAILER = Integer.BYTES;
  private static final int STALE_DAYS = 30;

  private final Path dir;
  private final String build;

  private HookCache(Path dir, String build) {
    this.dir = dir;
    this.build = build;
  }

  /** The cache the system property and environment ask for, or a disabled one. */
  static HookCache open() {
    String setting = System.getProperty(PROPERTY);
    if ("off".equals(setting)) {
      return new HookCache(null, null);
    }
    Path dir;
    if (setting != null && !setting.isBlank()) {
      dir = Path.of(setting);
    } else {
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
      dir = base.resolve("socksify").resolve("hooks");
    }
    return new HookCache(dir, buildId());
  }

  // Every build of the agent gets its own keys: the advice and the hook table may differ between builds.
  private static String buildId() {
    Properties build = new Properties();
    try (InputStream in = HookCache.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        return null;
      }
      build.load(in);
    } catch (IOException e) {
      return null;
    }
    String id = build.getProperty("build");
    return id == null || !id.matches("[A-Za-z0-9._-]+") ? null : id;
  }

  boolean enabled() {
    return dir != null && build != null;
  }

  /** What Byte Buddy made of {@code original} last time, or {@code null}. */
  byte[] lookup(String className, byte[] original) {
    if (!enabled()) {
      return null;
    }
    File file = file(className, original);
    if (!file.isFile()) {
      return null;
    }
    // java.io, not NIO channels: this runs while sun.nio.ch classes are being loaded
    byte[] content;
    try (InputStream in = new FileInputStream(file)) {
      content = in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
    if (content.length <= TRAILER) {
      return null;
    }
    byte[] transformed = Arrays.copyOf(content, content.length - TRAILER);
    int trailer = ByteBuffer.wrap(content, content.length - TRAILER, TRAILER).getInt();
    return trailer == crc32c(transformed) ? transformed : null;
  }

  /** Records what Byte Buddy made of {@code original}. */
  void store(String className, byte[] original, byte[] transformed) {
    if (!enabled()) {
      return;
    }
    try {
      if (!Files.isDirectory(buildDir())) {
        // the user's own: nobody else may put class files here
        Files.createDirectories(buildDir(),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      File target = file(className, original);
      File temp = File.createTempFile(target.getName(), ".tmp", buildDir().toFile());
      try (FileOutputStream out = new FileOutputStream(temp)) {
        out.write(transformed);
        out.write(ByteBuffer.allocate(TRAILER).putInt(crc32c(transformed)).array());
      }
      Files.move(temp.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      prune();
    } catch (IOException | RuntimeException e) {
      // a cache that cannot be written only costs the next start its speed
    }
  }

  // Other agent builds' entries are never hit again; storing happens once per build and JDK, so that is when the
  // builds not used for a month go.
  private void prune() {
    long cutoff = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(STALE_DAYS);
    File[] builds = dir.toFile().listFiles(File::isDirectory);
    if (builds == null) {
      return;
    }
    for (File other : builds) {
      if (!other.getName().equals(build) && other.lastModified() < cutoff) {
        File[] entries = other.listFiles();
        if (entries != null) {
          for (File entry : entries) {
            entry.delete();
          }
        }
        other.delete();
      }
    }
  }

  // hooks/BUILD/CLASS-CRC32C-ADLER32-LENGTH.class
  private File file(String className, byte[] original) {
    Adler32 adler = new Adler32();
    adler.update(original);
    String name = className + "-" + Integer.toHexString(crc32c(original)) + "-" + Long.toHexString(adler.getValue())
        + "-" + Integer.toHexString(original.length) + ".class";
    return buildDir().resolve(name).toFile();
  }

  private Path buildDir() {
    return dir.resolve(build);
  }

  private static int crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return (int) crc.getValue();
  }
}
