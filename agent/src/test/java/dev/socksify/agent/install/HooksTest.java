package dev.socksify.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/** The hook table against the JDK running the tests: every JDK hook names exactly one method. */
class HooksTest {
  @Test
  void everyJdkHookMatchesExactlyOneMethodOfThisJdk() throws ClassNotFoundException {
    for (Hook hook : Hooks.all()) {
      if (!hook.required()) {
        continue;
      }
      TypeDescription type = TypeDescription.ForLoadedType.of(Class.forName(hook.jdkType(), false, null));
      assertEquals(true, hook.type().matches(type), hook.name());
      assertEquals(1, type.getDeclaredMethods().filter(hook.method()).size(), hook.name());
    }
  }

  @Test
  void testsCanLeaveHooksOutByName() {
    List<Hook> all = Hooks.all();
    List<Hook> left = Hooks.without(all, "NioSocketImpl, blockingConnect");
    assertEquals(all.size() - 2, left.size());
    assertEquals(all, Hooks.without(all, ""));
  }
}
