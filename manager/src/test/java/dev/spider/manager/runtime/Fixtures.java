package dev.spider.manager.runtime;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spider.manager.client.AssignmentId;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.SchedulerId;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TaskFunction;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.manager.client.TimeoutPolicy;
import dev.spider.tdl.TaskId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** IDs, records and helpers shared by the runtime tests. */
final class Fixtures {

  /** The id storage assigns at start-up (the fakes' default registration). */
  static final ExecutionManagerId BOOT_EM = new ExecutionManagerId(2);

  /** The id storage assigns when the manager registers again after being declared dead. */
  static final ExecutionManagerId REREGISTERED_EM = new ExecutionManagerId(3);

  /** The storage session at start-up (the fakes' default session). */
  static final SessionId BOOT_SESSION = new SessionId(5);

  /** A session from before {@link #BOOT_SESSION}: work tagged with it is stale. */
  static final SessionId OLDER_SESSION = new SessionId(4);

  /** The session after storage restarted or failed over since start-up. */
  static final SessionId RESTARTED_SESSION = new SessionId(6);

  /** The session current when the manager registers again as {@link #REREGISTERED_EM}. */
  static final SessionId REREGISTERED_SESSION = new SessionId(8);

  static final ResourceGroupId RESOURCE_GROUP = new ResourceGroupId(1);
  static final SchedulerId SCHEDULER = new SchedulerId(4);
  static final TaskFunction FUNCTION = new TaskFunction("integration_test_tasks", "sum");
  static final InetAddress ADDRESS = InetAddress.getLoopbackAddress();
  static final TimeoutPolicy TIMEOUTS = TimeoutPolicy.hardOnly(Duration.ofSeconds(5));
  static final byte[] INPUTS = hex("01000000 01000000 07");
  static final byte[] ONE_OUTPUT = hex("01000000 01000000 03");

  /** How long a test waits for something that must happen. */
  static final Duration EVENT_WAIT = Duration.ofSeconds(5);

  /** How long a test watches for something that must not happen (a buggy loop does it at once). */
  static final Duration QUIET_WAIT = Duration.ofMillis(200);

  private Fixtures() {}

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  /** Assignment {@code id} of graph task {@code Index(id)} of job {@code 100 + id}. */
  static TaskAssignment assignment(long id, SessionId session) {
    return assignment(id, TaskId.index(id), session);
  }

  static TaskAssignment assignment(long id, TaskId taskId, SessionId session) {
    return new TaskAssignment(
        new AssignmentId(id), RESOURCE_GROUP, new JobId(100 + id), taskId, session, SCHEDULER);
  }

  /** The instance storage registers for a job: {@code 1000 + job}. */
  static TaskInstanceId instanceOf(JobId jobId) {
    return new TaskInstanceId(1000 + jobId.value());
  }

  /** The context storage returns for a graph or cleanup task of {@code jobId}. */
  static ExecutionContext context(JobId jobId, TaskId taskId, TimeoutPolicy timeouts) {
    return ExecutionContext.of(jobId, taskId, instanceOf(jobId), FUNCTION, timeouts, INPUTS);
  }

  /**
   * Settings for tests: long polls (so a stop must interrupt them), heartbeats only on demand,
   * millisecond backoffs.
   */
  static RuntimeConfig.Builder config() {
    Backoff fast = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2));
    return RuntimeConfig.builder(ADDRESS)
        .pollWait(Duration.ofSeconds(30))
        .livenessInterval(Duration.ofHours(1))
        .schedulerHeartbeatInterval(Duration.ofHours(1))
        .sessionRefreshWait(EVENT_WAIT)
        .shutdownGrace(EVENT_WAIT)
        .reportDrainTimeout(EVENT_WAIT)
        .registration(new RetryPolicy(3, fast))
        .taskRegistration(new RetryPolicy(3, fast))
        .reports(new RetryPolicy(3, fast))
        .polling(fast);
  }

  /** The next element, failing the test if none comes within {@link #EVENT_WAIT}. */
  static <T> T next(BlockingQueue<T> queue, String what) throws InterruptedException {
    T element = queue.poll(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (element == null) {
      fail("no " + what + " within " + EVENT_WAIT);
    }
    return element;
  }

  /** Fails if an element arrives within {@link #QUIET_WAIT}. */
  static void assertQuiet(BlockingQueue<?> queue, String what) throws InterruptedException {
    assertNull(queue.poll(QUIET_WAIT.toMillis(), TimeUnit.MILLISECONDS), "unexpected " + what);
  }
}
