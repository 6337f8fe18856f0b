package dev.spider.tests.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.tests.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak, run by the {@code soak} profile only: 10,000 tasks through one {@link ExecutorPool},
 * about 10 % of them crashing, hanging or attacking their executor ({@link SoakBehaviour}), the
 * rest {@code add}. Every call returns exactly one outcome of the class its behaviour owes, and no
 * process — executor or a task's sleeper — is left once the pool closes. Seeded: {@code
 * -Dspider.soak.seed=N} replays the mix, {@code -Dspider.soak.tasks=N} sizes it. Logs a table of
 * behaviours by outcome.
 */
class PoolSoakTest {

  private static final Logger log = LoggerFactory.getLogger(PoolSoakTest.class);

  private static final int POOL_SIZE = 4;
  private static final int CALLERS = 2 * POOL_SIZE;
  private static final double MISBEHAVING_SHARE = 0.10;

  /** Every task's own bound is its hard timeout; this only catches a pool that stopped serving. */
  private static final Duration PER_TASK_BOUND = Duration.ofSeconds(2);

  private static final Duration GONE_WITHIN = Duration.ofSeconds(15);

  @Test
  void tenThousandTasksWithCrashesHangsAndHostileTasksAreAllAccountedFor() throws Exception {
    long seed = Long.getLong("spider.soak.seed", System.nanoTime());
    int tasks = Integer.getInteger("spider.soak.tasks", 10_000);
    SoakBehaviour[] plan = plan(new Random(seed), tasks);
    String replay = "seed " + seed + " (replay with -Dspider.soak.seed=" + seed + ")";
    log.info("soak: {} tasks, {}", tasks, replay);

    Set<Long> childrenBefore = SoakProcesses.children();
    SoakTally tally = new SoakTally(tasks);
    List<Long> sleepers = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    try (ExecutorPool pool = ExecutorPool.start(config().build())) {
      ExecutorService callers =
          Executors.newFixedThreadPool(
              CALLERS,
              r -> {
                Thread t = new Thread(r, "soak-caller");
                t.setDaemon(true);
                return t;
              });
      AtomicInteger next = new AtomicInteger();
      try {
        for (int c = 0; c < CALLERS; c++) {
          callers.execute(() -> callUntilDone(pool, plan, next, tally, sleepers));
        }
        callers.shutdown();
        Duration bound = PER_TASK_BOUND.multipliedBy(tasks).plusMinutes(5);
        assertTrue(
            callers.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS),
            () -> "the soak did not finish within " + bound + "; " + replay + "\n" + tally.table());
      } finally {
        callers.shutdownNow();
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    log.info("soak of {} tasks took {}; {}\n{}", tasks, took, replay, tally.table());

    assertEquals(
        List.of(), tally.unaccounted(), () -> "calls without exactly one outcome; " + replay);
    assertEquals(
        List.of(), tally.mismatches(), () -> "wrong outcomes; " + replay + "\n" + tally.table());
    List<Long> leftChildren =
        SoakProcesses.notGone(SoakProcesses.newChildren(childrenBefore), GONE_WITHIN);
    assertEquals(List.of(), leftChildren, "executor processes left after the pool closed");
    List<Long> leftSleepers = SoakProcesses.notGone(List.copyOf(sleepers), GONE_WITHIN);
    assertEquals(List.of(), leftSleepers, "sleepers left after the pool closed");
  }

  private static PoolConfig.Builder config() {
    return PoolConfig.builder(TestEnvironment.executorJar(), TestEnvironment.packagesDir())
        .size(POOL_SIZE)
        .heap(TestEnvironment.EXECUTOR_HEAP)
        .shutdownGrace(Duration.ofSeconds(5));
  }

  /** The behaviour of every task, in order: {@code add} but for about 10 % spread evenly. */
  private static SoakBehaviour[] plan(Random random, int tasks) {
    SoakBehaviour[] all = SoakBehaviour.values();
    SoakBehaviour[] plan = new SoakBehaviour[tasks];
    for (int i = 0; i < tasks; i++) {
      plan[i] =
          random.nextDouble() < MISBEHAVING_SHARE
              ? all[1 + random.nextInt(all.length - 1)]
              : SoakBehaviour.ADD;
    }
    return plan;
  }

  /** One caller thread: takes the next task number until none is left, records every outcome. */
  private static void callUntilDone(
      ExecutorPool pool,
      SoakBehaviour[] plan,
      AtomicInteger next,
      SoakTally tally,
      List<Long> sleepers) {
    int i;
    while ((i = next.getAndIncrement()) < plan.length) {
      SoakBehaviour behaviour = plan[i];
      try {
        Outcome outcome = pool.execute(behaviour.request(i), behaviour.timeouts());
        tally.record(i, behaviour, outcome, sleepers);
      } catch (InterruptedException e) {
        tally.recordFailure(i, behaviour, e);
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) { // a PoolException or a codec error: counted as a wrong outcome
        tally.recordFailure(i, behaviour, e);
      }
    }
  }
}
