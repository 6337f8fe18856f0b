package dev.spider.cli.worker;

import com.google.protobuf.ByteString;
import dev.spider.cluster.proto.common.TaskId;
import dev.spider.cluster.proto.scheduler.SchedulerAssignment;
import dev.spider.cluster.proto.scheduler.TaskAssignmentRecord;
import dev.spider.cluster.proto.storage.ExecutionContext;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceResponse;
import dev.spider.cluster.proto.storage.TdlContext;
import dev.spider.cluster.proto.storage.TimeoutPolicy;

/**
 * What the {@link FakeCluster} hands a worker in the tests: one assignment and the execution
 * context of a sample task that prints a line. Constants only.
 */
final class Scripts {

  static final long ASSIGNMENT_ID = 11;
  static final long SCHEDULER_ID = 3;
  static final long JOB_ID = 5;
  static final long INSTANCE_ID = 99;

  /** What {@code integration_test_tasks/print_to_stdout} prints. */
  static final String PRINTED = "print_to_stdout: hello from System.out";

  /** The assignment, acknowledged later as {@link #ACK}. */
  static final SchedulerAssignment ASSIGNMENT =
      SchedulerAssignment.newBuilder()
          .setId(ASSIGNMENT_ID)
          .setResourceGroupId(1)
          .setJobId(JOB_ID)
          .setTaskId(TaskId.newBuilder().setIndex(0))
          .setSchedulerId(SCHEDULER_ID)
          .setSessionId(1)
          .build();

  static final TaskAssignmentRecord ACK =
      TaskAssignmentRecord.newBuilder().setId(ASSIGNMENT_ID).setFrom(SCHEDULER_ID).build();

  /** Storage's answer for the assignment: a task without inputs (wire format {@code 00000000}). */
  static final RegisterTaskInstanceResponse PRINT_TASK =
      RegisterTaskInstanceResponse.newBuilder()
          .setExecutionContext(
              ExecutionContext.newBuilder()
                  .setTaskInstanceId(INSTANCE_ID)
                  .setTdlContext(
                      TdlContext.newBuilder()
                          .setPackage("integration_test_tasks")
                          .setTaskFunc("print_to_stdout"))
                  .setTimeoutPolicy(
                      TimeoutPolicy.newBuilder()
                          .setSoftTimeoutMs(150_000)
                          .setHardTimeoutMs(300_000))
                  .setSerializedTaskIo(ByteString.copyFrom(new byte[4])))
          .build();

  private Scripts() {}
}
