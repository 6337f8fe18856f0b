package dev.spider.cli.head;

import dev.spider.cli.graph.GraphExecutionPolicy;
import dev.spider.cli.graph.GraphTask;
import dev.spider.cli.graph.GraphTerminationTask;
import dev.spider.cli.graph.InvalidTaskGraphException;
import dev.spider.cli.graph.TaskGraph;
import dev.spider.cli.graph.TaskGraphJson;
import dev.spider.cli.graph.TaskIoIndex;
import dev.spider.cli.graph.TdlContext;
import dev.spider.cli.graph.ZstdFrames;
import dev.spider.cli.job.ExecutionPolicy;
import dev.spider.cli.job.FailurePolicy;
import dev.spider.cli.job.Input;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.OutputDeclaration;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.Payload;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TerminationTask;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.TaskFunction;
import dev.spider.manager.client.TimeoutPolicy;
import dev.spider.tdl.wire.WireFormat;
import dev.spider.tdl.wire.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;

/**
 * Turns a {@code RegisterJob} request's two payloads — the zstd-compressed JSON of a Spider task
 * graph and the zstd-compressed wire format of the job's inputs (docs/cluster.md) — into the {@link
 * JobSpec} the embedded cluster runs, checking what Spider's storage checks and nothing more: the
 * graph's validity ({@link TaskGraphJson}) and the count of the inputs, never their values against
 * the type descriptors.
 *
 * <p>The mapping: task {@code i} of the graph is task {@code "i"} of the job (so its {@code TaskId}
 * is {@code Index(i)}, as storage names it); a root task takes its inputs, as {@link Payload}s,
 * from the job's inputs in graph order; any other task takes {@link OutputRef}s to the outputs its
 * {@code input_sources} name; outputs are declared by their descriptors ({@link
 * OutputDeclaration.Described}, count checked, values not); the job's outputs are the outputs of
 * the tasks without children, which is {@link JobSpec}'s default. Each task keeps its timeouts
 * (soft and hard) and its {@code max_num_retry}, and the job fails fast, as Spider's does. {@code
 * max_num_instances} has no counterpart: the head runs one instance of a task at a time.
 *
 * <p>Stateless.
 */
final class JobSubmissions {

  /**
   * The cap on the decompressed inputs: 256 MiB, four times the largest request the head accepts
   * (its storage server's inbound limit), so ordinary data fits and a hostile frame cannot exhaust
   * the heap.
   */
  static final int MAX_INPUT_BYTES = 256 << 20;

  private JobSubmissions() {}

  /**
   * The job a {@code RegisterJob} request describes.
   *
   * @param resourceGroup the request's resource group, for the job's name
   * @throws InvalidSubmissionException naming the payload and the problem
   */
  static JobSpec decode(
      byte[] compressedGraph, byte[] compressedInputs, ResourceGroupId resourceGroup)
      throws InvalidSubmissionException {
    TaskGraph graph;
    try {
      graph = TaskGraphJson.parseCompressed(compressedGraph, TaskGraphJson.DEFAULT_MAX_JSON_BYTES);
    } catch (InvalidTaskGraphException e) {
      throw new InvalidSubmissionException(
          "compressed_serialized_task_graph: " + e.getMessage(), e);
    }
    List<byte[]> inputs = inputs(compressedInputs);
    int expected = graph.jobInputs().size();
    if (inputs.size() != expected) {
      throw new InvalidSubmissionException(
          "compressed_serialized_inputs: the task graph's root tasks take "
              + expected
              + " input(s) in all, but "
              + inputs.size()
              + " were given; send exactly one per input of each root task, in task order");
    }
    Iterator<byte[]> jobInputs = inputs.iterator();
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < graph.tasks().size(); i++) {
      tasks.add(task(i, graph.tasks().get(i), jobInputs));
    }
    return new JobSpec(
        "task graph of resource group " + resourceGroup,
        tasks,
        Optional.empty(),
        graph.commitTask().map(JobSubmissions::termination),
        graph.cleanupTask().map(JobSubmissions::termination),
        FailurePolicy.FAIL_FAST);
  }

  private static List<byte[]> inputs(byte[] compressed) throws InvalidSubmissionException {
    byte[] wire;
    try {
      wire = ZstdFrames.decompress(compressed, MAX_INPUT_BYTES);
    } catch (DataFormatException e) {
      throw new InvalidSubmissionException(
          "compressed_serialized_inputs: "
              + e.getMessage()
              + "; send the zstd-compressed wire"
              + " format of the inputs",
          e);
    }
    try {
      return WireFormat.decode(wire);
    } catch (WireFormatException e) {
      throw new InvalidSubmissionException(
          "compressed_serialized_inputs: not one wire-format buffer: " + e.getMessage(), e);
    }
  }

  private static TaskSpec task(int index, GraphTask task, Iterator<byte[]> jobInputs) {
    List<Input> inputs = new ArrayList<>();
    if (task.inputSources().isPresent()) {
      for (TaskIoIndex source : task.inputSources().get()) {
        inputs.add(new OutputRef(String.valueOf(source.taskIdx()), source.position()));
      }
    } else {
      for (int p = 0; p < task.inputs().size(); p++) {
        inputs.add(new Payload(jobInputs.next())); // the count was checked against the graph
      }
    }
    return new TaskSpec(
        String.valueOf(index),
        function(task.tdlContext()),
        inputs,
        new OutputDeclaration.Described(task.outputs().stream().map(Object::toString).toList()),
        policy(task.effectivePolicy()));
  }

  private static TerminationTask termination(GraphTerminationTask task) {
    return new TerminationTask(function(task.tdlContext()), policy(task.effectivePolicy()));
  }

  private static TaskFunction function(TdlContext context) {
    return new TaskFunction(context.packageName(), context.taskFunc());
  }

  private static ExecutionPolicy policy(GraphExecutionPolicy policy) {
    return new ExecutionPolicy(
        TimeoutPolicy.of(
            Duration.ofMillis(policy.timeoutPolicy().softTimeoutMs()),
            Duration.ofMillis(policy.timeoutPolicy().hardTimeoutMs())),
        (int) Math.min(policy.maxNumRetry(), Integer.MAX_VALUE));
  }
}
