package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.EM;
import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static dev.spider.manager.runtime.Fixtures.S4;
import static dev.spider.manager.runtime.Fixtures.S5;
import static dev.spider.manager.runtime.Fixtures.S6;
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

final class MembershipTest {

  private static final ExecutionManagerId EM3 = new ExecutionManagerId(3);
  private static final SessionId S8 = new SessionId(8);

  private final List<ExecutionManagerId> lost = new ArrayList<>();
  private final Membership membership = new Membership(new Registration(EM, S5), lost::add);

  @Test
  void sessionsOnlyMoveForward() {
    assertTrue(membership.advance(EM, S6));
    assertFalse(membership.advance(EM, S5));
    assertFalse(membership.advance(EM, S6));

    assertEquals(Optional.of(new Registration(EM, S6)), membership.registration());
  }

  @Test
  void sessionOrderIsUnsigned() {
    SessionId max = new SessionId(-1L); // u64::MAX

    assertTrue(membership.advance(EM, max));
    assertFalse(membership.advance(EM, new SessionId(Long.MAX_VALUE)));
  }

  @Test
  void aSessionForAnotherIdIsIgnored() {
    assertFalse(membership.advance(EM3, S6));

    assertEquals(Optional.of(new Registration(EM, S5)), membership.registration());
  }

  @Test
  void losingTheIdCallsBackOnceAndRejoiningReplacesIt() {
    assertTrue(membership.lose(EM, "marked dead"));
    assertFalse(membership.lose(EM, "marked dead again"));
    assertEquals(List.of(EM), lost);
    assertEquals(Optional.empty(), membership.registration());
    assertFalse(membership.advance(EM, S6), "no session while lost");

    membership.rejoin(new Registration(EM3, S8));

    assertEquals(Optional.of(new Registration(EM3, S8)), membership.registration());
    assertFalse(membership.lose(EM, "the old id again"), "only the current id can be lost");
  }

  @Test
  void workCountsOnlyUnderTheCurrentIdAndSession() {
    membership.advance(EM, S6);

    assertTrue(membership.isCurrent(EM, S6));
    assertFalse(membership.isCurrent(EM, S5));
    assertFalse(membership.isCurrent(EM3, S6));
    assertTrue(membership.isCurrent(EM, new SessionId(7)), "a newer session is left to storage");
    membership.lose(EM, "marked dead");
    assertFalse(membership.isCurrent(EM, S6));
    assertFalse(membership.isCurrent(EM, S4));
  }

  @Test
  void awaitRegisteredWaitsForARejoin() throws Exception {
    membership.lose(EM, "marked dead");
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
    membership.rejoin(new Registration(EM3, S8));

    assertEquals(
        Optional.of(new Registration(EM3, S8)),
        waiting.get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS));
  }
}
