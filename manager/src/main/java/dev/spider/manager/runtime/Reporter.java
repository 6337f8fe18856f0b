package dev.spider.manager.runtime;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.StorageClient;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TransportException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outcome reports to storage on threads of its own ({@code spider-report-N}), so neither the
 * loop nor a task slot waits for storage. Reactions, as {@link StorageClient} documents them:
 *
 * <table>
 *   <caption>Report errors</caption>
 *   <tr><th>error</th><th>reaction</th><th>{@link Delivery}</th></tr>
 *   <tr><td>none</td><td>done</td><td>{@code DELIVERED}</td></tr>
 *   <tr><td>{@code TransportException}</td><td>the same report again after a backoff, up to the
 *       retry policy's attempts; then dropped (storage's own timeout takes over)</td>
 *       <td>{@code GAVE_UP}</td></tr>
 *   <tr><td>{@code StaleSessionException}</td><td>ask liveness for a refresh; dropped, never
 *       retried</td><td>{@code STALE_SESSION}</td></tr>
 *   <tr><td>{@code CacheStaleException}</td><td>dropped (job ended, or an earlier attempt of this
 *       report arrived)</td><td>{@code CACHE_STALE}</td></tr>
 *   <tr><td>{@code ServerException}</td><td>logged as an error, dropped</td>
 *       <td>{@code SERVER_ERROR}</td></tr>
 *   <tr><td>{@code InvalidInputException} (success only)</td><td>the attempt is reported as a
 *       deterministic failure quoting the refusal</td><td>that failure report's</td></tr>
 *   <tr><td>interrupted</td><td>shutdown's drain timeout passed; the report may or may not have
 *       arrived</td><td>{@code INTERRUPTED}</td></tr>
 * </table>
 *
 * <p><b>Threads and locks.</b> {@link #submit} is called by task threads and, at shutdown, the loop
 * thread; {@link #drain} by the loop thread; {@link #send} runs on the report threads (or the
 * caller's, in tests). No lock of its own; the refresh callback must not block.
 */
final class Reporter {

  private static final Logger log = LoggerFactory.getLogger(Reporter.class);

  /** How one report ended. */
  enum Delivery {
    DELIVERED,
    STALE_SESSION,
    CACHE_STALE,
    SERVER_ERROR,
    GAVE_UP,
    INTERRUPTED
  }

  private final StorageClient storage;
  private final RetryPolicy retry;
  private final Runnable refreshSession;
  private final ThreadPoolExecutor threads;

  /**
   * @param threads how many reports may be in progress at once (queued beyond that)
   * @param refreshSession asks liveness for an immediate heartbeat; must not block
   */
  Reporter(StorageClient storage, RetryPolicy retry, Runnable refreshSession, int threads) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.refreshSession = Objects.requireNonNull(refreshSession, "refreshSession");
    this.threads =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            new ThreadFactoryBuilder().setNameFormat("spider-report-%d").setDaemon(true).build());
  }

  /** Sends {@code report} on a report thread; returns at once. */
  void submit(Report report) {
    try {
      threads.execute(() -> send(report));
    } catch (RejectedExecutionException e) {
      // Only after drain(): a bug of the caller, but the report must not vanish silently.
      log.error(
          "report of {} submitted after shutdown; sending it on the caller's thread",
          report.target());
      send(report);
    }
  }

  /**
   * Stops taking reports and waits up to {@code timeout} for the pending ones (retries included),
   * then interrupts what is left.
   *
   * @return whether every pending report finished within {@code timeout}
   */
  boolean drain(Duration timeout) throws InterruptedException {
    threads.shutdown();
    if (threads.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return true;
    }
    int queued = threads.shutdownNow().size();
    log.error(
        "outcome reports still pending after {}: interrupting them and dropping {} queued"
            + " report(s); storage's own timeouts take over for those instances",
        timeout,
        queued);
    threads.awaitTermination(1, TimeUnit.SECONDS);
    return false;
  }

  /** Sends one report on the calling thread, retrying transport errors; never throws. */
  Delivery send(Report report) {
    try {
      return report instanceof Report.Success success
          ? sendSuccess(success)
          : sendFailure((Report.Failure) report);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.error(
          "report of {} interrupted (shutdown's report drain timeout passed); it may or may not"
              + " have arrived",
          report.target());
      return Delivery.INTERRUPTED;
    }
  }

  private Delivery sendSuccess(Report.Success report) throws InterruptedException {
    ReportTarget t = report.target();
    for (int attempt = 1; ; attempt++) {
      try {
        storage.reportTaskSuccess(
            t.jobId(), t.taskId(), t.instanceId(), t.emId(), t.sessionId(), report.outputs());
        log.info("reported the success of {}", t);
        return Delivery.DELIVERED;
      } catch (InvalidInputException e) {
        // WARN: handled — the task fails with the refusal as its reason, which the job reports.
        log.warn(
            "the success report of {} cannot be accepted (malformed, or larger than storage"
                + " takes): {}; reporting the attempt as a deterministic failure instead",
            t,
            e.getMessage());
        return sendFailure(
            new Report.Failure(
                t, TaskFailure.deterministic("cannot report success: " + e.getMessage())));
      } catch (TransportException e) {
        if (!backOff(t, "success", attempt, e)) {
          return Delivery.GAVE_UP;
        }
      } catch (StaleSessionException | CacheStaleException | ServerException e) {
        return dropped(t, "success", e);
      }
    }
  }

  private Delivery sendFailure(Report.Failure report) throws InterruptedException {
    ReportTarget t = report.target();
    for (int attempt = 1; ; attempt++) {
      try {
        storage.reportTaskFailure(
            t.jobId(), t.taskId(), t.instanceId(), t.emId(), t.sessionId(), report.failure());
        log.info("reported the failure of {}: {}", t, report.failure());
        return Delivery.DELIVERED;
      } catch (TransportException e) {
        if (!backOff(t, "failure", attempt, e)) {
          return Delivery.GAVE_UP;
        }
      } catch (StaleSessionException | CacheStaleException | ServerException e) {
        return dropped(t, "failure", e);
      }
    }
  }

  /** Sleeps before the next attempt; false when the attempts are used up. */
  private boolean backOff(ReportTarget t, String what, int attempt, TransportException e)
      throws InterruptedException {
    if (attempt >= retry.maxAttempts()) {
      log.error(
          "dropping the {} report of {} after {} attempt(s), storage unreachable: {}; storage's own"
              + " timeout for the instance takes over",
          what,
          t,
          attempt,
          e.getMessage());
      return false;
    }
    Duration delay = retry.backoff().delayAfter(attempt);
    log.warn(
        "{} report of {} failed (attempt {} of {}): {}; sending it again in {}",
        what,
        t,
        attempt,
        retry.maxAttempts(),
        e.getMessage(),
        delay);
    TimeUnit.NANOSECONDS.sleep(delay.toNanos());
    return true;
  }

  private Delivery dropped(ReportTarget t, String what, Exception e) {
    if (e instanceof StaleSessionException) {
      log.warn("dropping the {} report of {}: {}; refreshing the session", what, t, e.getMessage());
      refreshSession.run();
      return Delivery.STALE_SESSION;
    }
    if (e instanceof CacheStaleException) {
      log.info("dropping the {} report of {}: {}", what, t, e.getMessage());
      return Delivery.CACHE_STALE;
    }
    log.error(
        "dropping the {} report of {}, storage failed: {}; storage's own timeout for the instance"
            + " takes over",
        what,
        t,
        e.getMessage());
    return Delivery.SERVER_ERROR;
  }
}
