package dev.spider.cli.submit;

import dev.spider.cli.graph.TaskGraph;
import dev.spider.cli.graph.TaskGraphJson;
import dev.spider.cli.graph.TaskIoIndex;
import dev.spider.cli.graph.ZstdFrames;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.types.TdlType;
import dev.spider.tdl.wire.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A job file's job in upstream's terms, ready for {@code RegisterJob}: the job as read, its task
 * graph (task {@code i} of the graph is task {@code i} of the job), and the job inputs — the
 * MessagePack of the root tasks' literals, in the graph's job-input order.
 *
 * <p>Immutable: the input payloads are copied on the way in and out.
 *
 * @param spec the job as the job file gives it
 * @param graph its task graph
 * @param inputs one MessagePack value per {@link TaskGraph#jobInputs()} entry, in that order
 */
public record ClusterJob(JobSpec spec, TaskGraph graph, List<byte[]> inputs) {

  /**
   * @throws IllegalArgumentException when the task or input counts do not match the graph's
   */
  public ClusterJob {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(graph, "graph");
    inputs = inputs.stream().map(byte[]::clone).toList();
    if (spec.tasks().size() != graph.tasks().size()) {
      throw new IllegalArgumentException(
          "the job has " + spec.tasks().size() + " tasks, its graph " + graph.tasks().size());
    }
    if (inputs.size() != graph.jobInputs().size()) {
      throw new IllegalArgumentException(
          inputs.size() + " input payloads for " + graph.jobInputs().size() + " job inputs");
    }
  }

  /** Copies of the input payloads. */
  @Override
  public List<byte[]> inputs() {
    return inputs.stream().map(byte[]::clone).toList();
  }

  /** {@code RegisterJob}'s {@code compressed_serialized_task_graph}: the graph's JSON, zstd. */
  public byte[] compressedGraph() {
    return TaskGraphJson.writeCompressed(graph);
  }

  /** {@code RegisterJob}'s {@code compressed_serialized_inputs}: the inputs' wire format, zstd. */
  public byte[] compressedInputs() {
    return ZstdFrames.compress(WireFormat.encode(inputs));
  }

  /** The job's outputs, as upstream derives them from the graph, named by job-file task ids. */
  public List<OutputRef> jobOutputs() {
    List<OutputRef> out = new ArrayList<>();
    for (TaskIoIndex output : graph.jobOutputs()) {
      out.add(new OutputRef(spec.tasks().get(output.taskIdx()).id(), output.position()));
    }
    return List.copyOf(out);
  }

  /** The declared job-file types of {@link #jobOutputs()}, in the same order. */
  public List<TdlType> jobOutputTypes() {
    List<TdlType> out = new ArrayList<>();
    for (TaskIoIndex output : graph.jobOutputs()) {
      // Every task of a cluster job declares its output types (JobConversion refuses the others).
      out.add(
          spec.tasks().get(output.taskIdx()).outputTypes().orElseThrow().get(output.position()));
    }
    return List.copyOf(out);
  }
}
