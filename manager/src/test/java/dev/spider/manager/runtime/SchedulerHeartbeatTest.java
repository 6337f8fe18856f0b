package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.BOOT_EM;
import static dev.spider.manager.runtime.Fixtures.BOOT_SESSION;
import static dev.spider.manager.runtime.Fixtures.REREGISTERED_EM;
import static dev.spider.manager.runtime.Fixtures.REREGISTERED_SESSION;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.SchedulerProtocolException;
import dev.spider.manager.client.ServerException;
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
    membership = new Membership(new Registration(BOOT_EM, BOOT_SESSION), em -> {});
    heartbeat = new SchedulerHeartbeat(client, membership, INTERVAL, timer);
    heartbeat.start();
  }

  @Test
  void heartbeatsAtOnceThenEveryInterval() throws Exception {
    timer.runDue();
    verify(client, times(1)).heartbeat(BOOT_EM);

    timer.advance(INTERVAL.minusNanos(1));
    verify(client, times(1)).heartbeat(BOOT_EM);
    timer.advance(Duration.ofNanos(1));
    verify(client, times(2)).heartbeat(BOOT_EM);
  }

  @Test
  void errorsNeverStopIt() throws Exception {
    String call = "heartbeat(em " + BOOT_EM + ")";
    doThrow(new TransportException(call + ": refused"))
        .doThrow(new ServerException(call + ": internal error"))
        .doThrow(new SchedulerProtocolException(call + ": bad reply"))
        .doThrow(new IllegalStateException("bug in the scheduler client"))
        .doNothing()
        .when(client)
        .heartbeat(BOOT_EM);

    timer.advance(INTERVAL.multipliedBy(4));

    verify(client, times(5)).heartbeat(BOOT_EM);
  }

  @Test
  void itUsesTheCurrentRegistrationAndPausesWhileLost() throws Exception {
    timer.runDue();
    membership.lose(BOOT_EM, "marked dead");

    timer.advance(INTERVAL);
    verify(client, times(1)).heartbeat(BOOT_EM);

    membership.rejoin(new Registration(REREGISTERED_EM, REREGISTERED_SESSION));
    timer.advance(INTERVAL);
    verify(client).heartbeat(REREGISTERED_EM);
  }

  @Test
  void closeStopsIt() throws Exception {
    heartbeat.close();

    timer.advance(INTERVAL.multipliedBy(3));

    verifyNoInteractions(client);
    verify(client, never()).heartbeat(BOOT_EM);
  }
}
