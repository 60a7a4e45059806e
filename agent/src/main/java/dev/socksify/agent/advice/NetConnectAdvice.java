package dev.socksify.agent.advice;

import java.io.FileDescriptor;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SocksifyBridge;

/**
 * Inlined into {@code sun.nio.ch.Net.connect(ProtocolFamily, FileDescriptor, InetAddress, int)}, where every TCP
 * connect of the JDK ends. A non-null answer from the bridge replaces the JDK's own connect.
 */
public final class NetConnectAdvice {
  private NetConnectAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(
      @Advice.Argument(0) ProtocolFamily family,
      @Advice.Argument(1) FileDescriptor fd,
      @Advice.Argument(2) InetAddress remote,
      @Advice.Argument(3) int port) {
    return SocksifyBridge.connect(family, fd, remote, port);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object outcome,
      @Advice.Return(readOnly = false) int result,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    result = SocksifyBridge.result(outcome, result);
    thrown = SocksifyBridge.thrown(outcome, thrown);
  }
}
