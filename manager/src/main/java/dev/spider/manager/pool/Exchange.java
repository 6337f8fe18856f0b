package dev.spider.manager.pool;

import dev.spider.protocol.Request;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the pool writes to an executor and then waits on for its Result: a task to run, or a
 * package to load and describe. Both take the same path through {@link ExecutorPool} and {@link
 * ExecutorHandle#exchange}; they differ in the frame and the deadlines, and only tasks count
 * towards recycling (docs/process-pool.md). Immutable.
 */
sealed interface Exchange {

  /** The request frame, numbered {@code seq}. */
  Request frame(long seq);

  /** How long the executor may take: at this deadline its process group is killed. */
  Duration hardTimeout();

  /** When to send it an Interrupt, if at all; before {@link #hardTimeout()}. */
  Optional<Duration> softTimeout();

  /** Why the executor is killed when the hard deadline passes, for the log. */
  String timeoutDetail();

  /** Runs a task. */
  record RunTask(ExecuteRequest request, Timeouts timeouts) implements Exchange {
    public RunTask {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(timeouts, "timeouts");
    }

    @Override
    public Duration hardTimeout() {
      return timeouts.hard();
    }

    @Override
    public Optional<Duration> softTimeout() {
      return timeouts.soft();
    }

    @Override
    public Request frame(long seq) {
      return new Request.Execute(
          seq,
          request.packageName(),
          request.taskName(),
          request.rawContextUnsafe(),
          request.rawInputsUnsafe());
    }

    @Override
    public String timeoutDetail() {
      return "hard timeout of " + timeouts.hard() + " passed running " + request;
    }

    @Override
    public String toString() {
      return request.toString();
    }
  }

  /** Loads a package and describes it, so no package code runs in the manager's JVM. */
  record Describe(String packageName, Duration timeout) implements Exchange {
    public Describe {
      Objects.requireNonNull(packageName, "packageName");
      Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Request frame(long seq) {
      return new Request.Describe(seq, packageName);
    }

    @Override
    public Duration hardTimeout() {
      return timeout;
    }

    @Override
    public Optional<Duration> softTimeout() {
      return Optional.empty();
    }

    @Override
    public String timeoutDetail() {
      return "no description of " + packageName + " within " + timeout;
    }

    @Override
    public String toString() {
      return "describe " + packageName;
    }
  }
}
