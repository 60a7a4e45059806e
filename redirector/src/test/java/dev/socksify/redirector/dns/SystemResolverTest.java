package dev.socksify.redirector.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Picking "the host's normal resolver" from resolv.conf files. */
class SystemResolverTest {
  @TempDir Path dir;

  private Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void systemdResolvedUpstreamsComeBeforeItsStub() throws Exception {
    Path resolved = file("resolved.conf", "# managed by resolved\nnameserver 192.0.2.53\nnameserver 192.0.2.54\n");
    Path etc = file("etc.conf", "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n");
    assertEquals(Optional.of(new InetSocketAddress("192.0.2.53", 53)), SystemResolver.pick(List.of(resolved, etc)));
  }

  @Test
  void loopbackStubsAreSkippedAndAMissingFileIsNoResolver() throws Exception {
    Path etc = file("etc.conf", "nameserver 127.0.0.1\nnameserver ::1\nnameserver 2001:db8::35\n");
    assertEquals(Optional.of(new InetSocketAddress("2001:db8::35", 53)),
        SystemResolver.pick(List.of(dir.resolve("absent"), etc)));
  }

  @Test
  void nothingUsableIsEmpty() throws Exception {
    Path etc = file("etc.conf", "nameserver 127.0.0.53\nnameserver not-an-address\n#nameserver 192.0.2.1\n");
    assertEquals(Optional.empty(), SystemResolver.pick(List.of(etc)));
  }
}
