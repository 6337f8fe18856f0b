package dev.spider.tests.pool;

import static dev.spider.tests.pool.Pools.GENEROUS;
import static dev.spider.tests.pool.Pools.onlyExecutorPid;
import static dev.spider.tests.pool.Pools.request;
import static dev.spider.tests.pool.Pools.servesANormalTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.CrashReport;
import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.Timeouts;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.tdl.Version;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the manager makes of an executor that breaks the protocol or gets stuck exiting
 * (docs/process-pool.md, "Waiting for a Result"), and the races of the caller reading its own
 * Result while a timer enforces the deadlines, through a real pool of one.
 *
 * <p>The hard timeout of the fault rows is long on purpose: a fault must be reported as a crash
 * when it happens, so an outcome that waited for the hard timeout is a {@code Timeout} and fails
 * the row — the test asserts the outcome, never a duration.
 */
class ProtocolFaultsTest {

  private static final Logger log = LoggerFactory.getLogger(ProtocolFaultsTest.class);

  private static final String HOSTILE = SamplePackages.HOSTILE_TASKS;
  private static final String JAR = SamplePackages.JAR_TASKS;

  /** Race iterations: enough to land some deadlines on the task's end, few enough to be quick. */
  private static final int RACE_ROUNDS = 60;

  private static ExecutorPool pool;

  @BeforeAll
  static void start() throws Exception {
    pool = ExecutorPool.start(Pools.config(1).build());
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  static Stream<Arguments> forgedFrames() {
    byte[] otherSeq = ProtocolCodec.encode(new Response.Result(999_999, true, new byte[0], 1));
    byte[] hello =
        ProtocolCodec.encode(new Response.Hello(Response.PROTOCOL_VERSION, Version.CURRENT, 1));
    return Stream.of(
        Arguments.of("garbage", HexFormat.of().parseHex("00000005c1c1c1c1c1"), "undecodable"),
        Arguments.of("another seq's Result", FrameWriter.frame(otherSeq), "Result{seq=999999"),
        Arguments.of(
            "a 2 GB length prefix",
            HexFormat.of().parseHex("800000000102030405060708090a"),
            "frame length 2147483648"),
        Arguments.of("a second Hello", FrameWriter.frame(hello), "Hello"));
  }

  @ParameterizedTest(name = "a task forging {0} crashes its executor at once")
  @MethodSource("forgedFrames")
  void aForgedFrameIsAnExecutorCrash(String what, byte[] forged, String named) throws Exception {
    servesANormalTask(pool);
    long before = onlyExecutorPid(pool);
    Outcome outcome =
        pool.execute(request(HOSTILE, "forge_frame", Tdl.encode(byte[].class, forged)), GENEROUS);
    CrashReport report =
        assertInstanceOf(Outcome.ExecutorCrash.class, outcome, () -> what + ": " + outcome)
            .report();
    assertEquals(before, report.pid());
    assertTrue(report.cause().contains("protocol violation"), report::summary);
    assertTrue(report.cause().contains(named), report::summary);
    assertTrue(Pools.groupGone(before, Duration.ofSeconds(10)), "killed with its group");
    servesANormalTask(pool);
    assertNotEquals(before, onlyExecutorPid(pool), "executor replaced");
  }

  @Test
  void anExecutorStuckExitingIsACrashNotATimeout() throws Exception {
    servesANormalTask(pool);
    long before = onlyExecutorPid(pool);
    Outcome outcome = pool.execute(request(HOSTILE, "exit_with_hanging_hook"), GENEROUS);
    CrashReport report =
        assertInstanceOf(Outcome.ExecutorCrash.class, outcome, outcome::toString).report();
    assertEquals(before, report.pid());
    assertTrue(Pools.groupGone(before, Duration.ofSeconds(10)), "killed with its group");
    servesANormalTask(pool);
  }

  @Test
  void anInterruptArrivingAsATaskEndsNeverReachesTheNextTask() throws Exception {
    int interrupted = 0;
    for (int round = 0; round < RACE_ROUNDS; round++) {
      long millis = 2 + round % 5;
      Duration soft = Duration.ofMillis(millis + round % 3);
      Outcome raced = pool.execute(sleep(millis), Timeouts.of(soft, Duration.ofSeconds(60)));
      if (raced instanceof Outcome.InTaskFailure failure) {
        assertEquals(ErrorKind.INTERRUPTED, failure.error().kind(), raced::toString);
        interrupted++;
      } else {
        assertInstanceOf(Outcome.Success.class, raced, raced::toString);
      }
      // Long enough for a stray Interrupt of the previous request to arrive while it runs.
      Outcome next = pool.execute(sleep(20), GENEROUS);
      int at = round;
      assertInstanceOf(
          Outcome.Success.class, next, () -> "round " + at + ": the next task got " + next);
    }
    log.info(
        "soft deadline at the task's end: {} of {} rounds interrupted", interrupted, RACE_ROUNDS);
  }

  @Test
  void theHardDeadlineNeverKillsAnExecutorThatAnswered() throws Exception {
    int timedOut = 0;
    for (int round = 0; round < RACE_ROUNDS; round++) {
      servesANormalTask(pool);
      long before = onlyExecutorPid(pool);
      long millis = 5;
      // From a little short of the task's round trip to a little beyond it.
      Duration hard = Duration.ofMillis(millis + 2 + round % 6);
      Outcome raced = pool.execute(sleep(millis), Timeouts.hard(hard));
      if (raced instanceof Outcome.Timeout) {
        timedOut++;
        continue;
      }
      assertInstanceOf(Outcome.Success.class, raced, raced::toString);
      // Answered: the same executor serves the next task, so nothing killed it afterwards.
      servesANormalTask(pool);
      assertEquals(
          before, onlyExecutorPid(pool), "round " + round + ": the executor that answered");
    }
    log.info("hard deadline at the task's end: {} of {} rounds timed out", timedOut, RACE_ROUNDS);
  }

  private static ExecuteRequest sleep(long millis) {
    return request(JAR, "sleep_honouring_interrupts", Tdl.encode(Long.class, millis));
  }
}
