package dev.spider.manager.runtime;

import dev.spider.manager.client.FailureClass;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.pool.Outcome;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import java.time.Duration;

/**
 * Classifies every failed outcome before it is reported. The table (also in docs/failures.md):
 *
 * <table>
 *   <caption>Failure classes</caption>
 *   <tr><th>outcome / executor error kind</th><th>class</th><th>why</th></tr>
 *   <tr><td>{@code Timeout}</td><td>environmental</td><td>load, a slow dependency</td></tr>
 *   <tr><td>{@code ExecutorCrash} (heap exhaustion included)</td><td>environmental</td>
 *       <td>the executor died; memory and neighbours vary</td></tr>
 *   <tr><td>{@code Interrupted}</td><td>environmental</td><td>the soft timeout passed</td></tr>
 *   <tr><td>{@code PackageInitError}</td><td>environmental</td><td>init may depend on the
 *       environment (a service, a file)</td></tr>
 *   <tr><td>executor lost (pool failure)</td><td>environmental</td>
 *       <td>not the task's doing</td></tr>
 *   <tr><td>{@code TaskError}, {@code UncaughtException}</td><td>deterministic</td><td>the task's
 *       own verdict on its inputs</td></tr>
 *   <tr><td>{@code InvalidRequest}, {@code InvalidPackageName}, {@code PackageNotFound}, {@code
 *       AmbiguousPackage}, {@code InvalidLibrary}, {@code IncompatibleVersion}, {@code
 *       DuplicatePackage}, {@code PackageNameMismatch}, {@code InvalidUtf8}</td>
 *       <td>deterministic</td><td>the deployment is wrong; retrying cannot fix it</td></tr>
 *   <tr><td>{@code OutputTooLarge}, {@code ErrorPayloadDeserializationFailure}</td>
 *       <td>deterministic</td><td>the task produces the same bytes again</td></tr>
 * </table>
 */
public final class FailureClassifier {

  private FailureClassifier() {}

  /** The class of an executor error kind. */
  public static FailureClass classOf(ErrorKind kind) {
    switch (kind) {
      case INTERRUPTED:
      case PACKAGE_INIT_ERROR:
        return FailureClass.ENVIRONMENTAL;
      case INVALID_REQUEST:
      case INVALID_PACKAGE_NAME:
      case PACKAGE_NOT_FOUND:
      case AMBIGUOUS_PACKAGE:
      case INVALID_LIBRARY:
      case INCOMPATIBLE_VERSION:
      case DUPLICATE_PACKAGE:
      case PACKAGE_NAME_MISMATCH:
      case TASK_ERROR:
      case UNCAUGHT_EXCEPTION:
      case OUTPUT_TOO_LARGE:
      case ERROR_PAYLOAD_DESERIALIZATION_FAILURE:
      case INVALID_UTF8:
        return FailureClass.DETERMINISTIC;
      default:
        throw new IllegalArgumentException("unclassified executor error kind " + kind);
    }
  }

  /**
   * The classified failure of a failed outcome, with a message stating in-task error, timeout with
   * its value, or crash with its status.
   *
   * @throws IllegalArgumentException for a {@link Outcome.Success}
   */
  public static TaskFailure classify(Outcome outcome) {
    if (outcome instanceof Outcome.InTaskFailure failure) {
      ExecutorError error = failure.error();
      return new TaskFailure(classOf(error.kind()), "in-task failure: " + error);
    }
    if (outcome instanceof Outcome.Timeout timeout) {
      return TaskFailure.environmental(
          "timeout: hard timeout of " + human(timeout.hardTimeout()) + " passed");
    }
    if (outcome instanceof Outcome.ExecutorCrash crash) {
      return TaskFailure.environmental("executor crash: " + crash.report().summary());
    }
    throw new IllegalArgumentException("a success is not a failure: " + outcome);
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** The failure reported when no executor could run the task at all. */
  public static TaskFailure executorLost(String why) {
    return TaskFailure.environmental("executor lost: " + why);
  }
}
