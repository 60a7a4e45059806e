package dev.socksify.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/** The name service hooks against the JDK running the tests (the forked-JVM tests cover JDK 25). */
class DnsHooksTest {
  @Test
  void theNameServiceHooksMatchExactlyOneMethodEach() throws ClassNotFoundException {
    List<Hook> dns = Hooks.withDns().subList(Hooks.all().size(), Hooks.withDns().size());
    assertEquals(2, dns.size());
    for (Hook hook : dns) {
      assertTrue(hook.required(), hook.name());
      TypeDescription type = TypeDescription.ForLoadedType.of(Class.forName(hook.jdkType(), false, null));
      assertTrue(hook.type().matches(type), hook.name());
      assertEquals(1, type.getDeclaredMethods().filter(hook.method()).size(), hook.name());
    }
  }

  @Test
  void theConnectHooksComeFirstAndUnchanged() {
    assertEquals(Hooks.all(), Hooks.withDns().subList(0, Hooks.all().size()));
  }
}
