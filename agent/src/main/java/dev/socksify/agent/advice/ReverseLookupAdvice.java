package dev.socksify.agent.advice;

import java.net.InetAddress;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;

/**
 * Inlined into {@code InetAddress.getHostFromNameService(InetAddress[, boolean])}, the reverse lookup behind
 * {@code getHostName()} and {@code getCanonicalHostName()} (JDK 17: with a {@code check} flag, 18+: without). A name
 * from the bridge (the name behind a fake address) replaces the resolver's answer.
 */
public final class ReverseLookupAdvice {
  private ReverseLookupAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static String enter(@Advice.Argument(0) InetAddress address) {
    return SocksifyBridge.reverseLookup(address);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Enter String name, @Advice.Return(readOnly = false) String host) {
    if (name != null) {
      host = name;
    }
  }
}
