package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.BOOT_EM;
import static dev.spider.manager.runtime.Fixtures.BOOT_SESSION;
import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.client.Registration;
import dev.spider.manager.runtime.ExecutionManager.State;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lifecycle and the stop signal: states, grace, the first error, stoppable waits. */
final class StopControlTest {

  private static final Duration DEFAULT_GRACE = Duration.ofSeconds(7);
  private static final Termination.Summary SUMMARY = new Termination.Summary(1, 0, 2, true);

  private final InFlight inFlight = new InFlight(1);
  private final StopControl stop =
      new StopControl(
          DEFAULT_GRACE,
          new Membership(new Registration(BOOT_EM, BOOT_SESSION), em -> {}),
          inFlight);

  private static ExecutionManagerException error(String what) {
    return new ExecutionManagerException(ExecutionManagerException.Kind.INTERNAL, what, null);
  }

  @Test
  void aStopRequestMovesToStoppingWithItsGrace() {
    assertEquals(State.RUNNING, stop.state());
    long before = System.nanoTime();

    stop.requestStop(Duration.ofHours(1));

    assertEquals(State.STOPPING, stop.state());
    assertTrue(stop.stopping());
    assertEquals(Duration.ofHours(1), stop.grace());
    assertTrue(stop.deadlineNanos() - before >= Duration.ofHours(1).toNanos());
    assertFalse(stop.enterWait(), "no stoppable wait once stopping");
  }

  @Test
  void aLaterRequestMayShortenTheGraceButNeverLengthenIt() {
    stop.requestStop(Duration.ofHours(1));
    long first = stop.deadlineNanos();

    stop.requestStop(Duration.ZERO);
    long shortened = stop.deadlineNanos();
    stop.requestStop(Duration.ofHours(2));

    assertTrue(shortened - first < 0, "moved earlier");
    assertEquals(shortened, stop.deadlineNanos(), "not moved later");
    assertEquals(Duration.ZERO, stop.grace());
  }

  @Test
  void theFirstErrorIsTheOneTheTerminationCarries() {
    ExecutionManagerException first = error("the pool failed");

    stop.fail(first);
    stop.fail(error("a later failure"));

    assertEquals(DEFAULT_GRACE, stop.grace());
    assertEquals(new Termination.Failed(first, SUMMARY), stop.terminationOf(SUMMARY));
  }

  @Test
  void aShutdownAfterAnErrorKeepsTheError() {
    ExecutionManagerException first = error("storage failed");
    stop.requestStop(Duration.ofHours(1));
    stop.fail(first);

    assertEquals(new Termination.Failed(first, SUMMARY), stop.terminationOf(SUMMARY));
  }

  @Test
  void aStopWithoutAnErrorEndsStopped() {
    stop.requestStop(Duration.ZERO);

    assertEquals(new Termination.Stopped(SUMMARY), stop.terminationOf(SUMMARY));
  }

  @Test
  void aStopInterruptsTheLoopThreadInAStoppableWait() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    Thread loop =
        new Thread(
            () -> {
              assertTrue(stop.enterWait());
              try {
                waiting.countDown();
                new CountDownLatch(1).await(EVENT_WAIT.toNanos(), TimeUnit.NANOSECONDS);
                interrupted.complete(false);
              } catch (InterruptedException e) {
                interrupted.complete(true);
              } finally {
                stop.leaveWait();
              }
            },
            "stop-control-test-loop");
    loop.start();
    assertTrue(waiting.await(EVENT_WAIT.toNanos(), TimeUnit.NANOSECONDS));

    stop.requestStop(Duration.ZERO);

    assertTrue(interrupted.get(EVENT_WAIT.toNanos(), TimeUnit.NANOSECONDS));
    loop.join(EVENT_WAIT.toMillis());
    assertFalse(loop.isAlive());
  }

  @Test
  void aPauseEndsAfterItsDelayWhileRunningAndAtOnceOnAStop() throws Exception {
    assertTrue(stop.pause(Duration.ofMillis(1)));

    CompletableFuture<Boolean> paused = new CompletableFuture<>();
    Thread loop = new Thread(() -> paused.complete(stop.pause(Duration.ofHours(1))), "pause");
    loop.start();
    stop.requestStop(Duration.ZERO);

    assertFalse(paused.get(EVENT_WAIT.toNanos(), TimeUnit.NANOSECONDS));
    loop.join(EVENT_WAIT.toMillis());
  }

  @Test
  void anInterruptFromOutsideIsTakenAsAShutdownWithTheDefaultGrace() {
    stop.onLoopInterrupted();

    assertEquals(State.STOPPING, stop.state());
    assertEquals(DEFAULT_GRACE, stop.grace());
    assertEquals(new Termination.Stopped(SUMMARY), stop.terminationOf(SUMMARY));
  }

  @Test
  void theTerminationCompletesOnceAndLaterRequestsChangeNothing() throws Exception {
    CompletableFuture<Termination> early = stop.termination();
    stop.requestStop(Duration.ofHours(1));
    assertFalse(stop.awaitTermination(Duration.ofMillis(1)));
    Termination.Stopped end = new Termination.Stopped(SUMMARY);

    stop.terminate(end);
    stop.requestStop(Duration.ZERO);
    stop.fail(error("after the end"));

    assertEquals(State.TERMINATED, stop.state());
    assertTrue(stop.awaitTermination(Duration.ZERO));
    assertSame(end, early.get(EVENT_WAIT.toNanos(), TimeUnit.NANOSECONDS));
    assertEquals(Duration.ofHours(1), stop.grace());
    stop.termination().complete(null); // a copy: the manager's future is not affected
    assertSame(end, stop.termination().getNow(null));
  }
}
