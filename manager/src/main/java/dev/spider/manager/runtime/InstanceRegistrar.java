package dev.spider.manager.runtime;

import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.StorageClient;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TransportException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the task instance of an assignment with storage, reacting to each error as {@link
 * StorageClient#registerTaskInstance} documents:
 *
 * <table>
 *   <caption>Registration errors</caption>
 *   <tr><th>error</th><th>reaction</th><th>acknowledged</th></tr>
 *   <tr><td>none</td><td>the context is returned, to run</td><td>yes</td></tr>
 *   <tr><td>{@code StaleSessionException}</td><td>dropped; the session is refreshed through
 *       liveness</td><td>yes</td></tr>
 *   <tr><td>{@code CacheStaleException}</td><td>dropped</td><td>yes</td></tr>
 *   <tr><td>{@code TransportException}, {@code NOT_SENT}</td><td>tried again with the same
 *       arguments after a backoff, up to the retry policy's attempts; then given up, so the
 *       scheduler hands it out again</td><td>no</td></tr>
 *   <tr><td>{@code TransportException}, {@code MAY_HAVE_ARRIVED} (or no arrival)</td><td>never
 *       retried: the manager stops with an error of kind {@code STORAGE} naming job and task, as
 *       Spider's runtime does</td><td>no</td></tr>
 *   <tr><td>{@code ServerException}</td><td>the manager stops with an error of kind {@code
 *       STORAGE}, as Spider's runtime does</td><td>no</td></tr>
 *   <tr><td>any other exception (a bug)</td><td>the manager stops with an error of kind {@code
 *       INTERNAL}</td><td>no</td></tr>
 *   <tr><td>a stop during a backoff</td><td>left unconsumed</td><td>no</td></tr>
 * </table>
 *
 * <p><b>No blind retry.</b> An attempt that may have reached storage may have registered an
 * instance, which then holds the task's only instance slot until this manager's id dies — which
 * never happens while it heartbeats; a retry would be answered {@code CacheStale}, and
 * acknowledging that would wedge the task behind an instance nobody runs (docs/cluster.md). So such
 * an attempt stops the manager with an error, as Spider's runtime does: the assignment stays
 * unacknowledged, the worker exits (a supervisor restarts it), its id goes silent, storage reaps
 * the unseen instance, and the scheduler hands the task out again.
 *
 * <p><b>Stopping leaves the assignment unacknowledged</b>, whatever the error, as in Spider: the
 * scheduler hands it out again.
 *
 * <p><b>Threads and locks.</b> Loop thread only (it writes the {@link Acknowledgements}); no lock
 * of its own. Its waits, the backoffs and the session refresh, are interrupted by a stop.
 */
final class InstanceRegistrar {

  private static final Logger log = LoggerFactory.getLogger(InstanceRegistrar.class);

  private final StorageClient storage;
  private final RetryPolicy retry;
  private final Acknowledgements acks;
  private final StopControl stop;
  private final SessionRefresh refresh;

  InstanceRegistrar(
      StorageClient storage,
      RetryPolicy retry,
      Acknowledgements acks,
      StopControl stop,
      SessionRefresh refresh) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.acks = Objects.requireNonNull(acks, "acks");
    this.stop = Objects.requireNonNull(stop, "stop");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
  }

  /**
   * Registers the instance of {@code a} under {@code emId}.
   *
   * @return the context to run, or empty when the task is not to run
   * @throws ExecutionManagerException on a server error, on a transport error after which the
   *     registration may have reached storage, or when the storage client threw (a bug): the
   *     manager must stop with it; {@code a} is left unacknowledged
   */
  Optional<ExecutionContext> register(TaskAssignment a, ExecutionManagerId emId)
      throws ExecutionManagerException {
    for (int attempt = 1; ; attempt++) {
      try {
        ExecutionContext context =
            storage.registerTaskInstance(a.jobId(), a.taskId(), emId, a.sessionId());
        acks.consumed(a);
        return Optional.of(context);
      } catch (StaleSessionException e) {
        acks.consumed(a);
        log.warn(
            "dropping assignment {} (task {} of job {}): {}; refreshing the session",
            a.id(),
            a.taskId(),
            a.jobId(),
            e.getMessage());
        refresh.await(); // dropped either way: a stop during the wait changes nothing
        return Optional.empty();
      } catch (CacheStaleException e) {
        acks.consumed(a);
        log.info(
            "dropping assignment {} (task {} of job {}): no longer runnable: {}",
            a.id(),
            a.taskId(),
            a.jobId(),
            e.getMessage());
        return Optional.empty();
      } catch (TransportException e) {
        if (e.arrival() != TransportException.Arrival.NOT_SENT) {
          throw new ExecutionManagerException(
              ExecutionManagerException.Kind.STORAGE,
              "registering "
                  + registration(a, emId)
                  + " may have reached storage, but its reply was lost: "
                  + e.getMessage()
                  + "; an instance storage may have registered would hold the task's only"
                  + " instance slot until this execution manager's id dies, and a retry would be"
                  + " refused, so the runtime stops, as Spider's does, leaving the assignment"
                  + " unacknowledged: once this manager's id goes silent, storage reaps the"
                  + " instance and the scheduler hands the task out again",
              e);
        }
        if (attempt >= retry.maxAttempts()) {
          log.error(
              "giving up assignment {} (task {} of job {}) after {} attempt(s) to register it,"
                  + " none of which reached storage: {}; not acknowledged, so the scheduler can"
                  + " hand it out again",
              a.id(),
              a.taskId(),
              a.jobId(),
              attempt,
              e.getMessage());
          return Optional.empty();
        }
        Duration delay = retry.backoff().delayAfter(attempt);
        log.warn(
            "registering task {} of job {} failed before reaching storage (attempt {} of {}): {};"
                + " trying again in {}",
            a.taskId(),
            a.jobId(),
            attempt,
            retry.maxAttempts(),
            e.getMessage(),
            delay);
        if (!stop.pause(delay)) {
          log.info(
              "stopping: leaving assignment {} (task {} of job {}) unconsumed",
              a.id(),
              a.taskId(),
              a.jobId());
          return Optional.empty();
        }
      } catch (ServerException e) {
        // Not acknowledged, as in Spider: the scheduler hands the task out again.
        throw new ExecutionManagerException(
            ExecutionManagerException.Kind.STORAGE,
            "storage failed to register "
                + registration(a, emId)
                + ": "
                + e.getMessage()
                + "; the runtime loop stops, as Spider's does",
            e);
      } catch (InterruptedException e) {
        stop.onLoopInterrupted(); // only an interrupt from outside reaches this call
        return Optional.empty();
      } catch (RuntimeException e) {
        throw new ExecutionManagerException(
            ExecutionManagerException.Kind.INTERNAL,
            "the storage client threw registering task "
                + a.taskId()
                + " of job "
                + a.jobId()
                + ": "
                + e,
            e);
      }
    }
  }

  /** The registration for messages: {@code task T of job J (assignment A, em E, session S)}. */
  private static String registration(TaskAssignment a, ExecutionManagerId emId) {
    return "task "
        + a.taskId()
        + " of job "
        + a.jobId()
        + " (assignment "
        + a.id()
        + ", em "
        + emId
        + ", session "
        + a.sessionId()
        + ")";
  }
}
