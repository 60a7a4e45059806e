package dev.socksify.agent.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalNamesTest {
  @TempDir Path dir;

  @Test
  void hostsFileNamesAndAliasesWithoutComments() {
    assertEquals(Set.of("localhost", "db.internal", "db", "printer.lan"), LocalNames.parse(List.of(
        "127.0.0.1 localhost",
        "# 10.0.0.9 commented.out",
        "10.0.0.5\tDB.Internal. db   # the database, not-a-name",
        "",
        "  fd00::7 printer.lan")));
  }

  @Test
  void localhostThisHostProxiesAndTheHostsFile() throws IOException {
    Path hosts = Files.writeString(dir.resolve("hosts"), "10.0.0.5 db.internal\n");
    LocalNames local = new LocalNames(hosts, "Build-Host", List.of("proxy.example", "10.0.0.1"));
    assertEquals("localhost", local.why("localhost"));
    assertEquals("localhost", local.why("app.localhost"));
    assertEquals("this host's name", local.why("build-host"));
    assertEquals("a proxy's host", local.why("proxy.example"));
    assertEquals("in " + hosts, local.why("db.internal"));
    assertNull(local.why("service.test"));
    assertNull(local.why("10.0.0.1"), "a proxy given as a literal names nothing");
  }

  @Test
  void theHostsFileIsReadAgainWhenItChanges() throws IOException {
    Path hosts = Files.writeString(dir.resolve("hosts"), "10.0.0.5 old.internal\n");
    LocalNames local = new LocalNames(hosts, null, List.of());
    assertEquals("in " + hosts, local.why("old.internal"));
    Files.writeString(hosts, "10.0.0.6 new.internal newer.internal\n");
    Files.setLastModifiedTime(hosts, FileTime.fromMillis(Files.getLastModifiedTime(hosts).toMillis() + 2000));
    assertNull(local.why("old.internal"));
    assertEquals("in " + hosts, local.why("newer.internal"));
  }

  @Test
  void aMissingHostsFileHasNoNames() {
    LocalNames local = new LocalNames(dir.resolve("no-such-hosts"), null, List.of());
    assertNull(local.why("db.internal"));
    assertEquals("localhost", local.why("localhost"));
  }
}
