package dev.socksify.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** The name service hooks against the class files of the JDK running the tests (the forked-JVM tests cover 25). */
class DnsHooksTest {
  private final TypePool pool = TypePool.Default.ofSystemLoader();

  @Test
  void theNameServiceHooksMatchExactlyOneMethodEach() {
    List<Hook> dns = Hooks.withDns().subList(Hooks.all().size(), Hooks.withDns().size());
    assertEquals(2, dns.size());
    for (Hook hook : dns) {
      assertTrue(hook.required(), hook.name());
      TypeDescription type = pool.describe(hook.jdkType()).resolve();
      assertTrue(hook.typeName().test(type.getName()), hook.name());
      assertEquals(1, type.getDeclaredMethods().filter(ByteBuddyHooks.method(hook)).size(), hook.name());
    }
  }

  @Test
  void theConnectHooksComeFirstAndUnchanged() {
    assertEquals(Hooks.all().stream().map(Hook::name).toList(),
        Hooks.withDns().subList(0, Hooks.all().size()).stream().map(Hook::name).toList());
  }
}
