package dev.socksify.agent.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;

/**
 * Puts the bootstrap bridge ({@code sun.nio.ch.SocksifyHooks} and {@code SocksifyBridge}) into java.base, where the
 * advice inlined into JDK classes can link to it. No file is written and nothing is appended to the boot class path:
 * the bridge's class files travel in the agent jar under {@code socksify-bridge/} (outside the class path) and are
 * defined through a lookup into {@code sun.nio.ch}, which {@link Instrumentation#redefineModule} opens to the agent.
 */
public final class BridgeInstaller {
  /** In definition order: the bridge refers to the interface. */
  private static final String[] CLASSES = {"sun.nio.ch.SocksifyHooks", "sun.nio.ch.SocksifyNameHooks",
      "sun.nio.ch.SocksifyDatagramHooks", "sun.nio.ch.SocksifyDatagramBridge", "sun.nio.ch.SocksifyBridge"};

  private BridgeInstaller() {}

  /**
   * Opens {@code sun.nio.ch} to the agent (exports for linking to the bridge, opens for the internals the in-band
   * path uses) and defines the bridge unless it already is.
   *
   * @return false if another copy of the agent defined it first
   */
  public static boolean install(Instrumentation inst) throws ReflectiveOperationException, IOException {
    Module javaBase = Object.class.getModule();
    Module agent = BridgeInstaller.class.getModule();
    Set<Module> toAgent = Set.of(agent);
    inst.redefineModule(javaBase, Set.of(), Map.of("sun.nio.ch", toAgent), Map.of("sun.nio.ch", toAgent), Set.of(),
        Map.of());
    if (defined(CLASSES[CLASSES.length - 1])) {
      return false;
    }
    // Any class of the package will do as the lookup's anchor; not Net, which the hooks change: loaded now, it would
    // have to be retransformed later, the costliest step of the agent's start-up
    MethodHandles.Lookup lookup =
        MethodHandles.privateLookupIn(Class.forName("sun.nio.ch.DirectBuffer"), MethodHandles.lookup());
    for (String name : CLASSES) {
      lookup.defineClass(classFile(name));
    }
    return true;
  }

  private static boolean defined(String name) {
    try {
      Class.forName(name, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static byte[] classFile(String name) throws IOException {
    String resource = "/socksify-bridge/" + name.replace('.', '/') + ".class";
    try (InputStream in = BridgeInstaller.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("bridge class missing from the agent jar: " + resource);
      }
      return in.readAllBytes();
    }
  }
}
