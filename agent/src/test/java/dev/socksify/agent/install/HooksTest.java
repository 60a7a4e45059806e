package dev.socksify.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * The hook table against the class files of this JDK and of the Netty on the test class path, described from
 * their bytes as the agent describes them: every hook names exactly one method.
 */
class HooksTest {
  private final TypePool pool = TypePool.Default.ofSystemLoader();

  @Test
  void everyJdkHookMatchesExactlyOneMethodOfThisJdk() {
    for (Hook hook : Hooks.all()) {
      if (!hook.required()) {
        continue;
      }
      TypeDescription type = pool.describe(hook.jdkType()).resolve();
      assertEquals(true, hook.typeName().test(type.getName()), hook.name());
      assertEquals(1, type.getDeclaredMethods().filter(ByteBuddyHooks.method(hook)).size(), hook.name());
    }
  }

  @Test
  void theNettyHookFindsTheFieldItSetsInEpollAndIoUring() {
    Hook netty = Hooks.all().stream().filter(h -> !h.required()).findFirst().orElseThrow();
    for (String name : List.of("io.netty.channel.epoll.Epoll", "io.netty.channel.uring.IoUring")) {
      assertEquals(true, netty.typeName().test(name), name);
      TypeDescription type = pool.describe(name).resolve();
      assertEquals(1, type.getDeclaredFields().filter(f -> f.getName().equals("UNAVAILABILITY_CAUSE")
          && f.isStatic() && f.getType().asErasure().represents(Throwable.class)).size(), name);
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
