package dev.spider.cli.submit;

import dev.spider.cli.job.JobState;
import dev.spider.cli.job.Progress;

/**
 * Upstream job states in the CLI's terms: the local {@link JobState}, and the {@link Progress} a
 * progress line shows. Storage reports only the job's state, not its tasks', so the counts say what
 * the state implies (docs/job-files.md, "Running a job file on a cluster"):
 *
 * <table>
 *   <caption>upstream state to progress counts (N graph tasks)</caption>
 *   <tr><th>upstream</th><th>local state</th><th>done / running / failed / skipped</th></tr>
 *   <tr><td>READY</td><td>REGISTERED</td><td>0 / 0 / 0 / 0</td></tr>
 *   <tr><td>RUNNING</td><td>RUNNING</td><td>0 / N / 0 / 0: each task is running or waiting</td></tr>
 *   <tr><td>COMMIT_READY</td><td>COMMITTING</td><td>N / 0 / 0 / 0</td></tr>
 *   <tr><td>SUCCEEDED</td><td>SUCCEEDED</td><td>N / 0 / 0 / 0</td></tr>
 *   <tr><td>CLEANUP_READY, FAILED</td><td>CLEANING_UP, FAILED</td>
 *       <td>0 / 0 / 1 / 0: at least one task failed (storage does not say how many)</td></tr>
 *   <tr><td>CANCELLED</td><td>CANCELLED</td><td>0 / 0 / 0 / N</td></tr>
 * </table>
 *
 * <p>A cancelled job passes through CLEANUP_READY too, and shows one failure there. Stateless.
 */
final class ClusterStates {

  private ClusterStates() {}

  /**
   * The local state of an upstream state.
   *
   * @throws ClusterException ({@code PROTOCOL}) for {@code JOB_STATE_UNSPECIFIED} or a number this
   *     client does not know
   */
  static JobState local(dev.spider.cluster.proto.storage.JobState state, long jobId)
      throws ClusterException {
    return switch (state) {
      case READY -> JobState.REGISTERED;
      case RUNNING -> JobState.RUNNING;
      case COMMIT_READY -> JobState.COMMITTING;
      case CLEANUP_READY -> JobState.CLEANING_UP;
      case SUCCEEDED -> JobState.SUCCEEDED;
      case FAILED -> JobState.FAILED;
      case CANCELLED -> JobState.CANCELLED;
      case JOB_STATE_UNSPECIFIED, UNRECOGNIZED ->
          throw new ClusterException(
              ClusterException.Reason.PROTOCOL,
              "storage answered job "
                  + Long.toUnsignedString(jobId)
                  + "'s state as "
                  + state
                  + ", which is no job state; is the server a Spider storage of this protocol"
                  + " version?");
    };
  }

  /** The progress line of a job of {@code total} graph tasks in {@code state}. */
  static Progress progress(JobState state, int total) {
    return switch (state) {
      case REGISTERED -> new Progress(state, 0, 0, 0, 0, total);
      case RUNNING -> new Progress(state, 0, total, 0, 0, total);
      case COMMITTING, SUCCEEDED -> new Progress(state, total, 0, 0, 0, total);
      case CLEANING_UP, FAILED -> new Progress(state, 0, 0, 1, 0, total);
      case CANCELLED -> new Progress(state, 0, 0, 0, total, total);
    };
  }
}
