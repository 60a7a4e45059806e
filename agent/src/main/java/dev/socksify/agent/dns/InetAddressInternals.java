package dev.socksify.agent.dns;

import dev.socksify.agent.connect.OwnThreads;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;

/**
 * The package-private corners of {@code java.net.InetAddress} the agent needs, the same on JDK 17 through 25:
 *
 * <ul>
 *   <li>the name an address was looked up by ({@code holder().getOriginalHostName()}), which rules match domains
 *       against. Not {@code getHostName()}: a reverse lookup sets that one, and a forged PTR record must not pick a
 *       route (the JDK's TLS host check avoids it for the same reason);
 *   <li>the resolver without the JDK's cache ({@code getAddressesFromNameService}), for the names the agent resolves
 *       here itself: the cache may hold the fake addresses the app was given for the same name.
 * </ul>
 */
public final class InetAddressInternals {
  private final MethodHandle originalHostName;
  private final MethodHandle nameService;
  private final MethodHandle localHostName;

  private InetAddressInternals(MethodHandle originalHostName, MethodHandle nameService, MethodHandle localHostName) {
    this.originalHostName = originalHostName;
    this.nameService = nameService;
    this.localHostName = localHostName;
  }

  /** Opens {@code java.net} to the agent and looks both up; throws naming what this JDK lacks. */
  public static InetAddressInternals open(Instrumentation inst) throws ReflectiveOperationException {
    Module javaBase = Object.class.getModule();
    inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.net", Set.of(InetAddressInternals.class.getModule())),
        Set.of(), Map.of());
    MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(InetAddress.class, MethodHandles.lookup());
    Class<?> holder = Class.forName("java.net.InetAddress$InetAddressHolder");
    MethodHandle original = MethodHandles.filterReturnValue(
        lookup.findVirtual(InetAddress.class, "holder", MethodType.methodType(holder)),
        lookup.findVirtual(holder, "getOriginalHostName", MethodType.methodType(String.class)));
    MethodHandle service;
    try {
      service = lookup.findStatic(InetAddress.class, "getAddressesFromNameService",
          MethodType.methodType(InetAddress[].class, String.class));
    } catch (NoSuchMethodException jdk17) {
      service = MethodHandles.insertArguments(lookup.findStatic(InetAddress.class, "getAddressesFromNameService",
          MethodType.methodType(InetAddress[].class, String.class, InetAddress.class)), 1, (InetAddress) null);
    }
    Class<?> impl = Class.forName("java.net.InetAddressImpl");
    MethodHandle local = MethodHandles.filterReturnValue(lookup.findStaticGetter(InetAddress.class, "impl", impl),
        lookup.findVirtual(impl, "getLocalHostName", MethodType.methodType(String.class)));
    return new InetAddressInternals(original, service, local);
  }

  /** The name {@code address} was looked up by (or created with), or {@code null}. */
  public String originalHostName(InetAddress address) {
    try {
      return (String) originalHostName.invokeExact(address);
    } catch (Throwable t) {
      return null;
    }
  }

  /** This host's name as {@code InetAddress.getLocalHost()} looks it up ({@code gethostname(2)}), or {@code null}. */
  public String localHostName() {
    try {
      return (String) localHostName.invokeExact();
    } catch (Throwable t) {
      return null;
    }
  }

  /**
   * Every address of {@code host} from the JDK's resolver (the system's, or {@code jdk.net.hosts.file}), past the
   * JDK's cache and past the agent's own lookup hook.
   */
  public InetAddress[] resolve(String host) throws UnknownHostException {
    try {
      return OwnThreads.call(() -> nameService(host));
    } catch (UnknownHostException | RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      UnknownHostException failure = new UnknownHostException(host + ": " + e);
      failure.initCause(e);
      throw failure;
    }
  }

  private InetAddress[] nameService(String host) throws Exception {
    try {
      return (InetAddress[]) nameService.invokeExact(host);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
