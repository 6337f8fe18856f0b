package dev.spider.manager.runtime;

import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.tdl.TaskId;
import java.util.Objects;

/**
 * The task instance an outcome report is about, with the id and session it ran under (never a newer
 * session learned since).
 */
record ReportTarget(
    JobId jobId,
    TaskId taskId,
    TaskInstanceId instanceId,
    ExecutionManagerId emId,
    SessionId sessionId) {

  ReportTarget {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(emId, "emId");
    Objects.requireNonNull(sessionId, "sessionId");
  }

  @Override
  public String toString() {
    return "task "
        + taskId
        + " of job "
        + jobId
        + " (instance "
        + instanceId
        + ", em "
        + emId
        + ", session "
        + sessionId
        + ")";
  }
}
