package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RecyclePolicyTest {

  /** An executor's facts, counting how often the costly ones were read. */
  private static final class FakeUsage implements RecyclePolicy.Usage {
    long tasks;
    OptionalLong rss = OptionalLong.empty();
    Optional<String> redeployed = Optional.empty();
    int rssReads;
    int redeployChecks;

    @Override
    public long tasksRun() {
      return tasks;
    }

    @Override
    public OptionalLong residentBytes() {
      rssReads++;
      return rss;
    }

    @Override
    public Optional<String> redeployedPackage() {
      redeployChecks++;
      return redeployed;
    }
  }

  private static final Exchange TASK =
      new Exchange.RunTask(
          new ExecuteRequest("pkg", "add", new byte[0], new byte[0]),
          Timeouts.hard(Duration.ofSeconds(1)));
  private static final Exchange DESCRIBE = new Exchange.Describe("pkg", Duration.ofSeconds(1));

  private static final RecyclePolicy UNLIMITED =
      new RecyclePolicy(OptionalLong.empty(), OptionalLong.empty());

  @Test
  void withoutLimitsAHealthyExecutorStaysAndItsMemoryIsNotEvenRead() {
    FakeUsage usage = new FakeUsage();
    usage.tasks = 1_000_000;
    usage.rss = OptionalLong.of(Long.MAX_VALUE);
    assertEquals(Optional.empty(), UNLIMITED.afterAnswer(usage));
    assertEquals(0, usage.rssReads);
  }

  @Test
  void anExecutorIsRetiredOnceItRanItsMaximumOfTasks() {
    RecyclePolicy policy = new RecyclePolicy(OptionalLong.of(3), OptionalLong.empty());
    FakeUsage usage = new FakeUsage();
    usage.tasks = 2;
    assertEquals(Optional.empty(), policy.afterAnswer(usage));
    usage.tasks = 3;
    RecyclePolicy.Recycling recycling = policy.afterAnswer(usage).orElseThrow();
    assertEquals(RecyclePolicy.Trigger.MAX_TASKS, recycling.trigger());
    assertTrue(recycling.why().contains("maximum of 3 tasks"), recycling.why());
  }

  @Test
  void anExecutorIsRetiredOnlyAboveTheMemoryCeiling() {
    RecyclePolicy policy = new RecyclePolicy(OptionalLong.empty(), OptionalLong.of(1000));
    FakeUsage usage = new FakeUsage();
    usage.rss = OptionalLong.of(1000);
    assertEquals(Optional.empty(), policy.afterAnswer(usage), "at the ceiling it stays");
    usage.rss = OptionalLong.empty();
    assertEquals(Optional.empty(), policy.afterAnswer(usage), "unreadable memory passes no limit");
    usage.rss = OptionalLong.of(1001);
    RecyclePolicy.Recycling recycling = policy.afterAnswer(usage).orElseThrow();
    assertEquals(RecyclePolicy.Trigger.MAX_RESIDENT_MEMORY, recycling.trigger());
    assertTrue(recycling.why().contains("1001 B"), recycling.why());
    assertTrue(recycling.why().contains("1000 B"), recycling.why());
  }

  @Test
  void theTaskCountIsCheckedBeforeTheMemory() {
    RecyclePolicy policy = new RecyclePolicy(OptionalLong.of(1), OptionalLong.of(1));
    FakeUsage usage = new FakeUsage();
    usage.tasks = 1;
    usage.rss = OptionalLong.of(2);
    assertEquals(
        RecyclePolicy.Trigger.MAX_TASKS, policy.afterAnswer(usage).orElseThrow().trigger());
    assertEquals(0, usage.rssReads, "no /proc read once the verdict is in");
  }

  @Test
  void aRedeployedPackageRetiresTheExecutorBeforeATask() {
    FakeUsage usage = new FakeUsage();
    assertEquals(Optional.empty(), UNLIMITED.beforeHandingOut(TASK, usage));
    usage.redeployed = Optional.of("isolation_v1");
    RecyclePolicy.Recycling recycling = UNLIMITED.beforeHandingOut(TASK, usage).orElseThrow();
    assertEquals(RecyclePolicy.Trigger.PACKAGE_REDEPLOYED, recycling.trigger());
    assertTrue(recycling.why().contains("isolation_v1"), recycling.why());
  }

  @Test
  void aDescriptionDoesNotCheckForRedeployedPackages() {
    FakeUsage usage = new FakeUsage();
    usage.redeployed = Optional.of("isolation_v1");
    assertEquals(Optional.empty(), UNLIMITED.beforeHandingOut(DESCRIBE, usage));
    assertEquals(0, usage.redeployChecks);
  }
}
