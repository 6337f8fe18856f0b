package dev.spider.cli.embedded;

import dev.spider.cli.job.Input;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.Literal;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.Payload;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import dev.spider.tdl.wire.WireFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * What storage hands a newly registered instance: the {@link ExecutionContext} of its task, with a
 * graph task's inputs resolved (literals and payloads as given, references to the outputs of the
 * tasks they name) and, for the commit task, the job's outputs as {@link JobSpec} defines them.
 *
 * <p>Stateless. Call it under the {@link JobStore}'s lock: it reads the records that lock guards.
 * The payloads it copies are never mutated once stored, so the context can leave the lock.
 */
final class ExecutionContexts {

  private ExecutionContexts() {}

  /** The context of instance {@code id} of {@code task}, whose inputs all exist by now. */
  static ExecutionContext of(TaskRecord task, TaskInstanceId id) {
    JobRecord job = task.job();
    if (task.taskId() instanceof TaskId.Commit) {
      return ExecutionContext.forCommit(
          job.id(),
          id,
          task.function(),
          task.policy().timeouts(),
          WireFormat.empty(),
          SerializedTaskOutputs.encode(jobOutputs(job)));
    }
    byte[] inputs =
        task.spec()
            .map(spec -> WireFormat.encode(inputs(job, spec.inputs())))
            .orElseGet(WireFormat::empty); // the cleanup task takes no inputs
    return ExecutionContext.of(
        job.id(), task.taskId(), id, task.function(), task.policy().timeouts(), inputs);
  }

  private static List<byte[]> inputs(JobRecord job, List<Input> inputs) {
    List<byte[]> payloads = new ArrayList<>();
    for (Input input : inputs) {
      // Input is sealed: a literal, a payload or a reference.
      if (input instanceof Literal literal) {
        payloads.add(literal.msgpack());
      } else if (input instanceof Payload payload) {
        payloads.add(payload.msgpack());
      } else {
        payloads.add(output(job, (OutputRef) input));
      }
    }
    return payloads;
  }

  /**
   * The job's outputs, for the commit task and a client asking for them; see {@link JobSpec}. Call
   * once every graph task has succeeded.
   */
  static List<byte[]> jobOutputs(JobRecord job) {
    JobSpec spec = job.spec();
    List<byte[]> payloads = new ArrayList<>();
    if (spec.jobOutputs().isPresent()) {
      for (OutputRef ref : spec.jobOutputs().get()) {
        payloads.add(output(job, ref));
      }
    } else {
      for (String taskName : spec.outputTasks()) {
        payloads.addAll(job.graphTask(taskName).outputs());
      }
    }
    return payloads;
  }

  private static byte[] output(JobRecord job, OutputRef ref) {
    return job.graphTask(ref.task()).outputs().get(ref.output());
  }
}
