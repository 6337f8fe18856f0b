package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.BOOT_EM;
import static dev.spider.manager.runtime.Fixtures.BOOT_SESSION;
import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static dev.spider.manager.runtime.Fixtures.OLDER_SESSION;
import static dev.spider.manager.runtime.Fixtures.REREGISTERED_EM;
import static dev.spider.manager.runtime.Fixtures.REREGISTERED_SESSION;
import static dev.spider.manager.runtime.Fixtures.RESTARTED_SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SessionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Who the manager is to storage: sessions move forward, ids are lost once and replaced. */
final class MembershipTest {

  private final List<ExecutionManagerId> lost = new ArrayList<>();
  private final Membership membership =
      new Membership(new Registration(BOOT_EM, BOOT_SESSION), lost::add);

  @Test
  void sessionsOnlyMoveForward() {
    assertTrue(membership.advance(BOOT_EM, RESTARTED_SESSION));
    assertFalse(membership.advance(BOOT_EM, BOOT_SESSION));
    assertFalse(membership.advance(BOOT_EM, RESTARTED_SESSION));

    assertEquals(
        Optional.of(new Registration(BOOT_EM, RESTARTED_SESSION)), membership.registration());
  }

  @Test
  void sessionOrderIsUnsigned() {
    SessionId max = new SessionId(-1L); // u64::MAX

    assertTrue(membership.advance(BOOT_EM, max));
    assertFalse(membership.advance(BOOT_EM, new SessionId(Long.MAX_VALUE)));
  }

  @Test
  void aSessionForAnotherIdIsIgnored() {
    assertFalse(membership.advance(REREGISTERED_EM, RESTARTED_SESSION));

    assertEquals(Optional.of(new Registration(BOOT_EM, BOOT_SESSION)), membership.registration());
  }

  @Test
  void losingTheIdCallsBackOnceAndRejoiningReplacesIt() {
    assertTrue(membership.lose(BOOT_EM, "marked dead"));
    assertFalse(membership.lose(BOOT_EM, "marked dead again"));
    assertEquals(List.of(BOOT_EM), lost);
    assertEquals(Optional.empty(), membership.registration());
    assertFalse(membership.advance(BOOT_EM, RESTARTED_SESSION), "no session while lost");

    membership.rejoin(new Registration(REREGISTERED_EM, REREGISTERED_SESSION));

    assertEquals(
        Optional.of(new Registration(REREGISTERED_EM, REREGISTERED_SESSION)),
        membership.registration());
    assertFalse(membership.lose(BOOT_EM, "the old id again"), "only the current id can be lost");
  }

  @Test
  void workCountsOnlyUnderTheCurrentIdAndSession() {
    membership.advance(BOOT_EM, RESTARTED_SESSION);

    assertTrue(membership.isCurrent(BOOT_EM, RESTARTED_SESSION));
    assertFalse(membership.isCurrent(BOOT_EM, BOOT_SESSION));
    assertFalse(membership.isCurrent(REREGISTERED_EM, RESTARTED_SESSION));
    assertTrue(
        membership.isCurrent(BOOT_EM, new SessionId(7)), "a newer session is left to storage");
    membership.lose(BOOT_EM, "marked dead");
    assertFalse(membership.isCurrent(BOOT_EM, RESTARTED_SESSION));
    assertFalse(membership.isCurrent(BOOT_EM, OLDER_SESSION));
  }

  @Test
  void awaitRegisteredWaitsForARejoin() throws Exception {
    membership.lose(BOOT_EM, "marked dead");
    assertEquals(Optional.empty(), membership.awaitRegistered(Duration.ofMillis(1)));

    CompletableFuture<Optional<Registration>> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return membership.awaitRegistered(EVENT_WAIT);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    membership.rejoin(new Registration(REREGISTERED_EM, REREGISTERED_SESSION));

    assertEquals(
        Optional.of(new Registration(REREGISTERED_EM, REREGISTERED_SESSION)),
        waiting.get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS));
  }
}
