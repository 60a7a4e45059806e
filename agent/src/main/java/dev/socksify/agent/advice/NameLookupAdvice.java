package dev.socksify.agent.advice;

import java.net.InetAddress;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;

/**
 * Inlined into {@code InetAddress.getAddressesFromNameService(String[, InetAddress])}, where every forward lookup the
 * JDK's cache misses goes to the resolver (JDK 17: {@code (String, InetAddress)}, 18+: {@code (String)}). An answer
 * from the bridge (fake addresses, or a failure) replaces the resolver's.
 */
public final class NameLookupAdvice {
  private NameLookupAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) String host) {
    return SocksifyBridge.lookup(host);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object outcome,
      @Advice.Return(readOnly = false) InetAddress[] addresses,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    addresses = SocksifyBridge.addresses(outcome, addresses);
    thrown = SocksifyBridge.thrown(outcome, thrown);
  }
}
