package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExecutorLifecycleTest {

  private static final long PID = 4242;

  private static ExecutorLifecycle ready() {
    ExecutorLifecycle lifecycle = new ExecutorLifecycle("executor-1", PID);
    assertTrue(lifecycle.advance(ExecutorState.READY));
    return lifecycle;
  }

  @Test
  void onlyDeadIsTerminalAndLeadsNowhere() {
    for (ExecutorState state : ExecutorState.values()) {
      assertEquals(state == ExecutorState.DEAD, state.isTerminal(), state::toString);
      assertFalse(ExecutorState.DEAD.canMoveTo(state), state::toString);
    }
  }

  @Test
  void theFlowHasExactlyTheArrowsOfItsDiagram() {
    Set<String> arrows = new java.util.TreeSet<>();
    for (ExecutorState from : ExecutorState.values()) {
      for (ExecutorState to : ExecutorState.values()) {
        if (from.canMoveTo(to)) {
          arrows.add(from + ">" + to);
        }
      }
    }
    assertEquals(
        Set.of(
            "STARTING>READY",
            "STARTING>DEAD",
            "READY>BUSY",
            "READY>DEAD",
            "BUSY>READY",
            "BUSY>DEAD"),
        arrows);
  }

  @Test
  void anExecutorStartsAndServesRequestsInTurn() {
    ExecutorLifecycle lifecycle = new ExecutorLifecycle("executor-1", PID);
    assertEquals(ExecutorState.STARTING, lifecycle.state());
    assertTrue(lifecycle.advance(ExecutorState.READY));
    for (int request = 0; request < 3; request++) {
      assertTrue(lifecycle.advance(ExecutorState.BUSY));
      assertTrue(lifecycle.advance(ExecutorState.READY));
    }
    assertTrue(lifecycle.death().isEmpty(), "no death while it lives");
  }

  @Test
  void anIllegalMoveThrowsNamingTheExecutorItsPidAndBothStates() {
    ExecutorLifecycle starting = new ExecutorLifecycle("executor-1", PID);
    IllegalTransitionException e =
        assertThrows(IllegalTransitionException.class, () -> starting.advance(ExecutorState.BUSY));
    assertEquals(PID, e.pid());
    assertEquals(ExecutorState.STARTING, e.from());
    assertEquals(ExecutorState.BUSY, e.to());
    assertTrue(e.getMessage().contains("executor-1 (pid 4242)"), e.getMessage());
    assertTrue(e.getMessage().contains("STARTING to BUSY"), e.getMessage());
    assertEquals(ExecutorState.STARTING, starting.state(), "an illegal move changes nothing");

    ExecutorLifecycle ready = ready();
    assertThrows(IllegalTransitionException.class, () -> ready.advance(ExecutorState.READY));
    assertThrows(IllegalTransitionException.class, () -> ready.advance(ExecutorState.STARTING));
    IllegalTransitionException toDead =
        assertThrows(IllegalTransitionException.class, () -> ready.advance(ExecutorState.DEAD));
    assertEquals(ExecutorState.DEAD, toDead.to(), "dying is die()'s, with a reason");
  }

  @Test
  void dyingHappensOnceFromAnyLivingState() {
    for (ExecutorState from : EnumSet.complementOf(EnumSet.of(ExecutorState.DEAD))) {
      ExecutorLifecycle lifecycle = new ExecutorLifecycle("executor-1", PID);
      if (from != ExecutorState.STARTING) {
        lifecycle.advance(ExecutorState.READY);
      }
      if (from == ExecutorState.BUSY) {
        lifecycle.advance(ExecutorState.BUSY);
      }
      assertEquals(from, lifecycle.state());
      assertTrue(lifecycle.die(KillReason.CRASHED, "exit 3"), "the first death ends the life");
      assertFalse(lifecycle.die(KillReason.CRASHED, "again"), "a second one does not");
      assertEquals(ExecutorState.DEAD, lifecycle.state());
      assertEquals("exit 3", lifecycle.death().orElseThrow().detail());
    }
  }

  @Test
  void aTimeoutKillIsNotOverwrittenByALaterIoError() {
    ExecutorLifecycle lifecycle = ready();
    lifecycle.advance(ExecutorState.BUSY);
    assertTrue(lifecycle.die(KillReason.TIMED_OUT, "hard timeout of PT1S passed"));
    assertFalse(lifecycle.die(KillReason.LOST, "could not take the request: Broken pipe"));
    assertFalse(lifecycle.die(KillReason.CRASHED, "stdout ended"));
    assertEquals(
        new ExecutorLifecycle.Death(KillReason.TIMED_OUT, "hard timeout of PT1S passed"),
        lifecycle.death().orElseThrow());
  }

  @Test
  void aStrongerReasonReplacesAWeakerOneButDoesNotKillAgain() {
    ExecutorLifecycle lifecycle = ready();
    lifecycle.advance(ExecutorState.BUSY);
    assertTrue(lifecycle.die(KillReason.SHUT_DOWN, "exited after Shutdown"));
    assertFalse(lifecycle.die(KillReason.CRASHED, "executor ended while running add"));
    assertEquals(KillReason.CRASHED, lifecycle.death().orElseThrow().reason());
  }

  @Test
  void reasonsAreRankedFromHousekeepingToTheTimeout() {
    KillReason[] ranked = KillReason.values();
    for (int i = 1; i < ranked.length; i++) {
      assertTrue(ranked[i].outranks(ranked[i - 1]), ranked[i] + " over " + ranked[i - 1]);
      assertFalse(ranked[i - 1].outranks(ranked[i]));
      assertFalse(ranked[i].outranks(ranked[i]), "a reason does not outrank itself");
    }
    assertEquals(KillReason.TIMED_OUT, ranked[ranked.length - 1]);
    assertTrue(KillReason.TIMED_OUT.outranks(KillReason.LOST));
  }

  @Test
  void theOwnersMoveAfterAKillFromAnotherThreadReportsTheDeathInsteadOfThrowing() {
    ExecutorLifecycle lifecycle = ready();
    lifecycle.advance(ExecutorState.BUSY);
    lifecycle.die(KillReason.SHUT_DOWN, "pool closed");
    assertFalse(lifecycle.advance(ExecutorState.READY));
    assertFalse(lifecycle.advance(ExecutorState.BUSY));
    assertEquals(ExecutorState.DEAD, lifecycle.state());
  }

  @Test
  void aDeadlineEndsOnlyTheRequestItWasArmedFor() {
    ExecutorLifecycle lifecycle = ready();
    assertTrue(lifecycle.beginRequest(1));
    assertTrue(lifecycle.isBusyWith(1));
    assertTrue(lifecycle.advance(ExecutorState.READY), "the answer was taken");
    assertFalse(
        lifecycle.expireRequest(1, KillReason.TIMED_OUT, "late deadline of seq 1"),
        "a deadline after the answer is a no-op");
    assertTrue(lifecycle.beginRequest(2));
    assertFalse(
        lifecycle.expireRequest(1, KillReason.TIMED_OUT, "late deadline of seq 1"),
        "nor does it touch the next request");
    assertEquals(ExecutorState.BUSY, lifecycle.state());
    assertTrue(lifecycle.expireRequest(2, KillReason.TIMED_OUT, "hard timeout of seq 2"));
    assertEquals(KillReason.TIMED_OUT, lifecycle.death().orElseThrow().reason());
    assertFalse(lifecycle.isBusyWith(2));
    assertFalse(lifecycle.advance(ExecutorState.READY), "the owner then finds it dead");
  }

  @Test
  void theStartDeadlineEndsOnlyAStartingExecutor() {
    ExecutorLifecycle starting = new ExecutorLifecycle("executor-1", PID);
    assertTrue(starting.expireStart("no Hello within PT10S"));
    assertEquals(KillReason.STARTUP_FAILED, starting.death().orElseThrow().reason());
    assertFalse(ready().expireStart("no Hello within PT10S"), "a late start deadline is a no-op");
  }
}
