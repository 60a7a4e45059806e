package dev.socksify.agent.inband;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  @Test
  void withoutAnAppTimeoutTheHopsLimitApplies() {
    assertFalse(Deadline.in(0).bounded());
    assertEquals(8000, Deadline.none().waitMillis(Duration.ofSeconds(8)));
    assertFalse(Deadline.none().expired());
  }

  @Test
  void theAppsTimeoutCapsTheHopsLimit() {
    long wait = Deadline.in(Duration.ofSeconds(2).toNanos()).waitMillis(Duration.ofSeconds(8));
    assertTrue(wait >= 1 && wait <= 2000, "capped by the app's 2 s: " + wait);
    assertEquals(500, Deadline.in(Duration.ofSeconds(60).toNanos()).waitMillis(Duration.ofMillis(500)));
  }

  @Test
  void aPassedDeadlineAllowsNoMoreWaiting() {
    Deadline deadline = Deadline.in(1);
    long until = System.nanoTime() + 1_000_000;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertTrue(deadline.expired());
    assertEquals(0, deadline.waitMillis(Duration.ofSeconds(8)));
  }
}
