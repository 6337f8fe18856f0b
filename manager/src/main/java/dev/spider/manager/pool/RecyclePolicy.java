package dev.spider.manager.pool;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When a healthy executor is replaced between requests, and why (docs/process-pool.md): before a
 * task, when a package it ran was redeployed on disk; after a request, when it ran its maximum
 * number of tasks or its resident memory passed the ceiling. Crashed and timed-out executors are
 * not this policy's business: they are dead, and always replaced.
 *
 * <p>Immutable and thread-safe; the facts it asks a {@link Usage} for are the caller's to read.
 */
final class RecyclePolicy {

  /** What the policy needs to know about one executor. */
  interface Usage {
    /** Tasks written to it so far; descriptions do not count. */
    long tasksRun();

    /** Its resident memory now, when it can be read; read only when a ceiling is set. */
    OptionalLong residentBytes();

    /** A package it ran a task of that changed on disk since, if any. */
    Optional<String> redeployedPackage();
  }

  /** What calls for the replacement. */
  enum Trigger {
    PACKAGE_REDEPLOYED,
    MAX_TASKS,
    MAX_RESIDENT_MEMORY
  }

  /**
   * A verdict: replace the executor gracefully.
   *
   * @param trigger which rule called for it
   * @param why for the log, with the values that decided it
   */
  record Recycling(Trigger trigger, String why) {
    Recycling {
      Objects.requireNonNull(trigger, "trigger");
      Objects.requireNonNull(why, "why");
    }
  }

  private final OptionalLong maxTasks;
  private final OptionalLong maxResidentBytes;

  RecyclePolicy(OptionalLong maxTasks, OptionalLong maxResidentBytes) {
    this.maxTasks = Objects.requireNonNull(maxTasks, "maxTasks");
    this.maxResidentBytes = Objects.requireNonNull(maxResidentBytes, "maxResidentBytes");
  }

  static RecyclePolicy of(PoolConfig config) {
    return new RecyclePolicy(config.maxTasksPerExecutor(), config.maxResidentBytes());
  }

  /**
   * Before {@code exchange} is handed to the executor. Only tasks are checked: the document
   * promises that the next task of a redeployed package runs the new version.
   */
  Optional<Recycling> beforeHandingOut(Exchange exchange, Usage executor) {
    if (!(exchange instanceof Exchange.RunTask)) {
      return Optional.empty();
    }
    return executor
        .redeployedPackage()
        .map(
            name ->
                new Recycling(
                    Trigger.PACKAGE_REDEPLOYED,
                    "a package it loaded changed on disk (" + name + ")"));
  }

  /** After a request the executor answered, before it goes back to the idle queue. */
  Optional<Recycling> afterAnswer(Usage executor) {
    if (maxTasks.isPresent() && executor.tasksRun() >= maxTasks.getAsLong()) {
      return Optional.of(
          new Recycling(
              Trigger.MAX_TASKS, "it ran its maximum of " + maxTasks.getAsLong() + " tasks"));
    }
    if (maxResidentBytes.isPresent()) {
      long limit = maxResidentBytes.getAsLong();
      long rss = executor.residentBytes().orElse(0);
      if (rss > limit) {
        return Optional.of(
            new Recycling(
                Trigger.MAX_RESIDENT_MEMORY,
                "its resident memory " + rss + " B passed the ceiling of " + limit + " B"));
      }
    }
    return Optional.empty();
  }
}
