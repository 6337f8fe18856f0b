package dev.spider.manager.grpc;

import static dev.spider.manager.grpc.Wire.EM;
import static dev.spider.manager.grpc.Wire.EVENT_WAIT;
import static dev.spider.manager.grpc.Wire.JOB;
import static dev.spider.manager.grpc.Wire.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.TaskId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An interrupt of the calling thread is how the runtime stops a poll or a registration: the call is
 * cancelled and the caller gets {@link InterruptedException}, interrupt status cleared as usual. A
 * thread interrupted before the call sends nothing; {@code shutdown} returns with the status kept.
 */
final class InterruptsTest {

  private final FakeCluster fake = FakeCluster.inProcess();
  private final GrpcCluster cluster = GrpcCluster.connect(Wire.config(1), fake.opener());

  InterruptsTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    Thread.interrupted(); // never leak an interrupt into the next test
    cluster.close();
    fake.close();
  }

  @Test
  void anInterruptDuringTheLongPollIsAnInterruptedException() throws Exception {
    fake.nextTask.hang();
    CompletableFuture<String> outcome = new CompletableFuture<>();
    Thread poller =
        new Thread(
            () -> {
              try {
                cluster.scheduler().nextTask(EM, Optional.empty(), Duration.ofMinutes(1));
                outcome.complete("returned");
              } catch (InterruptedException e) {
                outcome.complete("interrupted, status " + Thread.currentThread().isInterrupted());
              } catch (Exception e) {
                outcome.complete(e.toString());
              }
            },
            "interrupts-test-poller");
    poller.start();
    assertTrue(fake.nextTask.awaitCall(EVENT_WAIT), "the poll reached the scheduler");

    poller.interrupt();

    assertEquals(
        "interrupted, status false", outcome.get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    poller.join(EVENT_WAIT.toMillis());
  }

  @Test
  void anInterruptedThreadSendsNothing() throws Exception {
    Thread.currentThread().interrupt();

    assertThrows(
        InterruptedException.class,
        () -> cluster.storage().registerTaskInstance(JOB, TaskId.index(1), EM, SESSION));

    assertFalse(Thread.currentThread().isInterrupted(), "cleared, as InterruptedException does");
    assertEquals(0, fake.registerTask.pending());
  }

  @Test
  void shutdownReturnsAtOnceWhenInterruptedAndKeepsTheStatus() {
    Thread.currentThread().interrupt();

    cluster.scheduler().shutdown(EM, List.of());

    assertTrue(Thread.interrupted(), "interrupt status kept");
    assertEquals(0, fake.shutdown.pending());
  }
}
