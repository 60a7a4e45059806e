package dev.socksify.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class LabTest {
  private String saved;

  @BeforeEach
  void save() {
    saved = System.getProperty(Lab.REQUIRED_PROPERTY);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(Lab.REQUIRED_PROPERTY);
    } else {
      System.setProperty(Lab.REQUIRED_PROPERTY, saved);
    }
  }

  @Test
  void missingPrerequisiteSkipsNamingIt() {
    System.setProperty(Lab.REQUIRED_PROPERTY, "false");
    TestAbortedException e = assertThrows(TestAbortedException.class, () -> Lab.require("frobnicator 2.0", false));
    assertTrue(e.getMessage().contains("frobnicator 2.0"), e.getMessage());
  }

  @Test
  void missingPrerequisiteFailsWhenRequired() {
    System.setProperty(Lab.REQUIRED_PROPERTY, "true");
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Lab.require("frobnicator 2.0", false));
    assertTrue(e.getMessage().contains("frobnicator 2.0"), e.getMessage());
  }

  @Test
  void presentPrerequisitePasses() {
    System.setProperty(Lab.REQUIRED_PROPERTY, "true");
    Lab.require("something present", true);
  }

  @Test
  void missingCommandIsNamedWithItsPackage() {
    System.setProperty(Lab.REQUIRED_PROPERTY, "true");
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> Lab.requireCommand("no-such-command-socksify"));
    assertTrue(e.getMessage().contains("'no-such-command-socksify'"), e.getMessage());
  }

  @Test
  void commandsAreFoundInSbinToo() {
    Path sh = Lab.requireCommand("sh");
    assertTrue(sh.isAbsolute() && Files.isExecutable(sh), sh.toString());
  }

  @Test
  void freePortCanBeBound() throws Exception {
    int port = Lab.freePort();
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertEquals(port, s.getLocalPort());
    }
  }

  @Test
  void tempDirsAreFreshPerPeer() throws Exception {
    Path a = Lab.tempDir("x");
    Path b = Lab.tempDir("x");
    try {
      assertNotEquals(a, b);
      assertTrue(Files.isDirectory(a) && Files.list(a).findAny().isEmpty());
    } finally {
      Files.delete(a);
      Files.delete(b);
    }
  }
}
