package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.EM;
import static dev.spider.manager.runtime.Fixtures.S5;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.SchedulerProtocolException;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.TransportException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduler heartbeat on a hand-driven timer. */
final class SchedulerHeartbeatTest {

  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private final ManualTimer timer = new ManualTimer();
  private final SchedulerClient client = mock(SchedulerClient.class);
  private Membership membership;
  private SchedulerHeartbeat heartbeat;

  @BeforeEach
  void start() {
    membership = new Membership(new Registration(EM, S5), em -> {});
    heartbeat = new SchedulerHeartbeat(client, membership, INTERVAL, timer);
    heartbeat.start();
  }

  @Test
  void heartbeatsAtOnceThenEveryInterval() throws Exception {
    timer.runDue();
    verify(client, times(1)).heartbeat(EM);

    timer.advance(INTERVAL.minusNanos(1));
    verify(client, times(1)).heartbeat(EM);
    timer.advance(Duration.ofNanos(1));
    verify(client, times(2)).heartbeat(EM);
  }

  @Test
  void errorsNeverStopIt() throws Exception {
    doThrow(new TransportException("heartbeat(em 2): refused"))
        .doThrow(new ServerException("heartbeat(em 2): internal error"))
        .doThrow(new SchedulerProtocolException("heartbeat(em 2): bad reply"))
        .doThrow(new IllegalStateException("bug in the scheduler client"))
        .doNothing()
        .when(client)
        .heartbeat(EM);

    timer.advance(INTERVAL.multipliedBy(4));

    verify(client, times(5)).heartbeat(EM);
  }

  @Test
  void itUsesTheCurrentRegistrationAndPausesWhileLost() throws Exception {
    ExecutionManagerId em3 = new ExecutionManagerId(3);
    timer.runDue();
    membership.lose(EM, "marked dead");

    timer.advance(INTERVAL);
    verify(client, times(1)).heartbeat(EM);

    membership.rejoin(new Registration(em3, new SessionId(8)));
    timer.advance(INTERVAL);
    verify(client).heartbeat(em3);
  }

  @Test
  void closeStopsIt() throws Exception {
    heartbeat.close();

    timer.advance(INTERVAL.multipliedBy(3));

    verifyNoInteractions(client);
    verify(client, never()).heartbeat(EM);
  }
}
