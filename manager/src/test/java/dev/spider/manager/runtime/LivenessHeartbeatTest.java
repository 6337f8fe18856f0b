package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.ADDRESS;
import static dev.spider.manager.runtime.Fixtures.BOOT_EM;
import static dev.spider.manager.runtime.Fixtures.BOOT_SESSION;
import static dev.spider.manager.runtime.Fixtures.OLDER_SESSION;
import static dev.spider.manager.runtime.Fixtures.REREGISTERED_EM;
import static dev.spider.manager.runtime.Fixtures.REREGISTERED_SESSION;
import static dev.spider.manager.runtime.Fixtures.RESTARTED_SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.MarkedDeadException;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The liveness heartbeat on a hand-driven timer: no thread, no sleep. */
final class LivenessHeartbeatTest {

  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private final ManualTimer timer = new ManualTimer();
  private final FakeLiveness client = new FakeLiveness(new EventLog());
  private final List<ExecutionManagerId> lost = new ArrayList<>();
  private Membership membership;
  private LivenessHeartbeat heartbeat;

  @BeforeEach
  void start() {
    membership = new Membership(new Registration(BOOT_EM, BOOT_SESSION), lost::add);
    heartbeat = new LivenessHeartbeat(client, membership, ADDRESS, INTERVAL, timer);
    heartbeat.start();
  }

  @Test
  void theFirstHeartbeatComesOneIntervalAfterTheStart() {
    timer.advance(INTERVAL.minusNanos(1));
    assertEquals(0, client.heartbeats.size());

    timer.advance(Duration.ofNanos(1));
    assertEquals(List.of(BOOT_EM), List.copyOf(client.heartbeats));

    timer.advance(INTERVAL);
    assertEquals(2, client.heartbeats.size());
  }

  @Test
  void aNewerSessionIsAdopted() {
    client.onHeartbeat(RESTARTED_SESSION);

    timer.advance(INTERVAL);

    assertEquals(
        Optional.of(new Registration(BOOT_EM, RESTARTED_SESSION)), membership.registration());
  }

  @Test
  void anOlderSessionIsIgnored() {
    client.onHeartbeat(OLDER_SESSION);

    timer.advance(INTERVAL);

    assertEquals(Optional.of(new Registration(BOOT_EM, BOOT_SESSION)), membership.registration());
  }

  @Test
  void aTransportErrorKeepsTheSessionAndTheNextTickComes() {
    client.onHeartbeat(
        new TransportException("heartbeat(em " + BOOT_EM + "): timed out"), RESTARTED_SESSION);

    timer.advance(INTERVAL);
    assertEquals(Optional.of(new Registration(BOOT_EM, BOOT_SESSION)), membership.registration());
    timer.advance(INTERVAL);

    assertEquals(
        Optional.of(new Registration(BOOT_EM, RESTARTED_SESSION)), membership.registration());
    assertEquals(0, client.registrations.size());
  }

  @Test
  void markedDeadVoidsTheIdAndRegistersAgainAtOnce() {
    client.onHeartbeat(new MarkedDeadException(BOOT_EM));
    client.onRegister(new Registration(REREGISTERED_EM, REREGISTERED_SESSION));

    timer.advance(INTERVAL);

    assertEquals(List.of(BOOT_EM), lost);
    assertEquals(
        Optional.of(new Registration(REREGISTERED_EM, REREGISTERED_SESSION)),
        membership.registration());
    assertEquals(List.of(ADDRESS), List.copyOf(client.registrations));
    timer.advance(INTERVAL);
    assertEquals(
        List.of(BOOT_EM, REREGISTERED_EM),
        List.copyOf(client.heartbeats),
        "heartbeats go on under em " + REREGISTERED_EM);
  }

  @Test
  void anIllegalIdRegistersAgainToo() {
    client.onHeartbeat(new IllegalIdException(BOOT_EM, "unknown execution manager"));
    client.onRegister(new Registration(REREGISTERED_EM, REREGISTERED_SESSION));

    timer.advance(INTERVAL);

    assertEquals(List.of(BOOT_EM), lost);
    assertEquals(
        Optional.of(new Registration(REREGISTERED_EM, REREGISTERED_SESSION)),
        membership.registration());
  }

  @Test
  void aFailedReRegistrationIsTriedAgainAtTheNextTickWithoutAHeartbeat() {
    client.onHeartbeat(new MarkedDeadException(BOOT_EM));
    client.onRegister(
        new TransportException("register: refused"),
        new Registration(REREGISTERED_EM, REREGISTERED_SESSION));

    timer.advance(INTERVAL);
    Membership.Lost state = assertInstanceOf(Membership.Lost.class, membership.current());
    assertEquals(BOOT_EM, state.emId());
    assertEquals(Optional.empty(), membership.registration());

    timer.advance(INTERVAL);

    assertEquals(
        Optional.of(new Registration(REREGISTERED_EM, REREGISTERED_SESSION)),
        membership.registration());
    assertEquals(1, client.heartbeats.size(), "no heartbeat while lost, only registrations");
    assertEquals(2, client.registrations.size());
    assertEquals(List.of(BOOT_EM), lost, "lost once");
  }

  @Test
  void aRefreshHeartbeatsAtOnceAndPostponesTheNextTick() {
    timer.advance(INTERVAL.dividedBy(2));

    CompletableFuture<Void> refreshed = heartbeat.refresh();
    assertFalse(refreshed.isDone());
    timer.runDue();

    assertTrue(refreshed.isDone());
    assertEquals(1, client.heartbeats.size());
    timer.advance(INTERVAL.dividedBy(2)); // the original tick was due here
    assertEquals(1, client.heartbeats.size());
    timer.advance(INTERVAL.dividedBy(2));
    assertEquals(2, client.heartbeats.size());
  }

  @Test
  void refreshesAskedForBeforeTheHeartbeatStartsShareIt() {
    CompletableFuture<Void> first = heartbeat.refresh();
    CompletableFuture<Void> second = heartbeat.refresh();

    timer.runDue();

    assertSame(first, second);
    assertTrue(first.isDone());
    assertEquals(1, client.heartbeats.size());
    assertEquals(1, timer.pendingCount(), "only the next regular tick is left");
  }

  @Test
  void aRefreshAskedForDuringAHeartbeatGetsAHeartbeatOfItsOwn() {
    List<CompletableFuture<Void>> during = new ArrayList<>();
    client.duringHeartbeat(
        () -> {
          if (during.isEmpty()) {
            during.add(heartbeat.refresh());
          }
        });
    client.onHeartbeat(BOOT_SESSION, RESTARTED_SESSION);

    timer.advance(INTERVAL);

    // The heartbeat in progress may have been sent before storage moved on: a second one ran.
    assertEquals(2, client.heartbeats.size());
    assertTrue(during.get(0).isDone());
    assertEquals(
        Optional.of(new Registration(BOOT_EM, RESTARTED_SESSION)), membership.registration());
  }

  @Test
  void ticksMissedWhileAHeartbeatHungAreSkippedNotReplayed() {
    client.duringHeartbeat(
        () -> {
          if (client.heartbeats.size() == 1) {
            timer.pass(INTERVAL.multipliedBy(3).plusSeconds(5)); // hangs for 35 s
          }
        });

    timer.advance(INTERVAL); // t = 10 s; the call returns at 45 s
    assertEquals(1, client.heartbeats.size());

    timer.advance(INTERVAL.minusNanos(1)); // up to just before 55 s
    assertEquals(1, client.heartbeats.size(), "no burst of the ticks due at 20, 30 and 40 s");
    timer.advance(Duration.ofNanos(1));
    assertEquals(2, client.heartbeats.size());
  }

  @Test
  void closeStopsTheTicksAndReleasesAPendingRefresh() {
    CompletableFuture<Void> refreshed = heartbeat.refresh();

    heartbeat.close();
    timer.advance(INTERVAL.multipliedBy(3));

    assertTrue(refreshed.isDone());
    assertTrue(timer.isClosed());
    assertEquals(0, client.heartbeats.size());
    assertTrue(heartbeat.refresh().isDone(), "a refresh after close does not wait");
  }

  @Test
  void aClientBugDoesNotStopTheHeartbeat() {
    client.duringHeartbeat(
        () -> {
          if (client.heartbeats.size() == 1) {
            throw new IllegalStateException("bug in the liveness client");
          }
        });

    timer.advance(INTERVAL);
    timer.advance(INTERVAL);

    assertEquals(2, client.heartbeats.size());
  }
}
