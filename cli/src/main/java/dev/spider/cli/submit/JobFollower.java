package dev.spider.cli.submit;

import dev.spider.cli.job.JobState;
import dev.spider.cli.job.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ClusterJob} on a cluster and follows it to its end, as upstream's client does:
 * resource group (given, or created), {@code RegisterJob}, {@code StartJob}, then {@code
 * GetJobState} at an interval growing from {@value #FIRST_POLL_MS} ms to {@value #MAX_POLL_MS} ms
 * (back to the start at each change), reporting each change of state as {@link Progress}; at the
 * end {@code GetJobOutputs} or {@code GetJobError}.
 *
 * <p>{@link #cancel} (from any thread, e.g. a shutdown hook on Ctrl-C) sends {@code CancelJob} once
 * the job is registered — at once, or as soon as registration returns — and the run then ends
 * {@link ClusterOutcome.Cancelled} when storage says so. An interrupted run cancels the job too,
 * then throws {@link InterruptedException}.
 *
 * <p>One run per instance. {@link #run} is called by one thread; {@link #cancel} is thread-safe.
 */
public final class JobFollower {

  private static final Logger log = LoggerFactory.getLogger(JobFollower.class);

  static final long FIRST_POLL_MS = 50;
  static final long MAX_POLL_MS = 1000;

  private final ClusterClient client;
  private final Consumer<Progress> progress;
  private final CountDownLatch cancelRequested = new CountDownLatch(1);
  private final AtomicBoolean cancelSent = new AtomicBoolean();
  // Empty until RegisterJob returns; read by cancel() on another thread.
  private volatile OptionalLong jobId = OptionalLong.empty();

  /**
   * @param progress called on the running thread with each change of the job's state
   */
  public JobFollower(ClusterClient client, Consumer<Progress> progress) {
    this.client = Objects.requireNonNull(client, "client");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Submits {@code job} under {@code group}, starts it and waits for its end.
   *
   * @throws ClusterException when a call fails or storage answers something unusable; a job already
   *     registered is left to storage, and the message names it
   * @throws InterruptedException when interrupted; the job is cancelled first (best effort)
   */
  public ClusterOutcome run(ClusterJob job, ResourceGroup group)
      throws ClusterException, InterruptedException {
    long groupId =
        group instanceof ResourceGroup.Existing existing
            ? existing.id()
            : client.addResourceGroup(((ResourceGroup.Create) group).externalId());
    long start = System.nanoTime();
    long id = client.registerJob(groupId, job);
    jobId = OptionalLong.of(id);
    log.info(
        "registered job '{}' as job {} in resource group {}",
        job.spec().name(),
        Long.toUnsignedString(id),
        Long.toUnsignedString(groupId));
    try {
      if (cancelRequested.getCount() == 0) {
        sendCancel(id);
      } else {
        client.startJob(id);
      }
      return follow(job, id, start);
    } catch (InterruptedException e) {
      sendCancel(id);
      throw e;
    } catch (ClusterException e) {
      // The job outlives this client: say which one it was, so it can be found in storage.
      throw new ClusterException(
          e.reason(),
          e.getMessage() + " (job " + Long.toUnsignedString(id) + " was registered)",
          e);
    }
  }

  /**
   * Cancels the job: sends {@code CancelJob} now if the job is registered, else as soon as it is.
   * Idempotent; a failure to cancel is logged (the run keeps following the job either way).
   */
  public void cancel() {
    cancelRequested.countDown();
    OptionalLong id = jobId;
    if (id.isPresent()) {
      sendCancel(id.getAsLong());
    }
  }

  private ClusterOutcome follow(ClusterJob job, long id, long start)
      throws ClusterException, InterruptedException {
    int total = job.graph().tasks().size();
    JobState last = null;
    long interval = FIRST_POLL_MS;
    while (true) {
      JobState state = ClusterStates.local(client.jobState(id), id);
      if (state != last) {
        progress.accept(ClusterStates.progress(state, total));
        last = state;
        interval = FIRST_POLL_MS;
      }
      switch (state) {
        case SUCCEEDED:
          return succeeded(job, id, elapsed(start));
        case FAILED:
          return new ClusterOutcome.Failed(id, elapsed(start), client.jobError(id));
        case CANCELLED:
          return new ClusterOutcome.Cancelled(id, elapsed(start));
        default:
          break;
      }
      if (cancelRequested.getCount() > 0) {
        // Woken early by cancel(), which sends CancelJob itself.
        cancelRequested.await(interval, TimeUnit.MILLISECONDS);
      } else {
        Thread.sleep(interval);
      }
      interval = Math.min(interval * 2, MAX_POLL_MS);
    }
  }

  private ClusterOutcome succeeded(ClusterJob job, long id, Duration wallTime)
      throws ClusterException, InterruptedException {
    List<byte[]> outputs = client.jobOutputs(id);
    int expected = job.graph().jobOutputs().size();
    if (outputs.size() != expected) {
      throw new ClusterException(
          ClusterException.Reason.PROTOCOL,
          "storage answered "
              + outputs.size()
              + " output(s) for job "
              + Long.toUnsignedString(id)
              + ", whose graph has "
              + expected
              + " job output(s) "
              + job.jobOutputs());
    }
    return new ClusterOutcome.Succeeded(id, wallTime, outputs);
  }

  private void sendCancel(long id) {
    if (!cancelSent.compareAndSet(false, true)) {
      return;
    }
    try {
      log.info("cancelling job {}: {}", Long.toUnsignedString(id), client.cancelJob(id));
    } catch (ClusterException e) {
      // Already ended (FAILED_PRECONDITION) or unreachable: the poll loop sees what storage says.
      log.warn("could not cancel job {}: {}", Long.toUnsignedString(id), e.getMessage());
    }
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
