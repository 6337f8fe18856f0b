package dev.spider.cli.submit;

import dev.spider.cli.graph.DataTypeDescriptor;
import dev.spider.cli.graph.GraphTask;
import dev.spider.cli.graph.GraphTerminationTask;
import dev.spider.cli.graph.TaskGraph;
import dev.spider.cli.graph.TaskIoIndex;
import dev.spider.cli.graph.TdlContext;
import dev.spider.cli.job.FailurePolicy;
import dev.spider.cli.job.Input;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.Literal;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TerminationTask;
import dev.spider.cli.types.TdlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts a job file's {@link JobSpec} into upstream's task graph and job inputs ({@link
 * ClusterJob}), refusing, before anything is sent, what the graph cannot express — each refusal an
 * {@link UnsupportedJobException} saying why and how to restructure the job:
 *
 * <ul>
 *   <li>{@code on_failure} other than {@code fail_fast}: upstream always fails fast;
 *   <li>a task without {@code outputs}: the graph needs every task's output count;
 *   <li>a task mixing literal inputs with references: upstream takes a task's inputs all from the
 *       job or all from earlier tasks;
 *   <li>a task referencing a task listed after it: upstream's graph lists producers first, and the
 *       job's outputs follow that order, so reordering silently would change them;
 *   <li>{@code job_outputs} other than what upstream derives (every output of the tasks no task
 *       takes an input from, in task order);
 *   <li>types without an upstream descriptor ({@link TypeMapping}) and timeouts outside upstream's
 *       rules ({@link PolicyMapping}).
 * </ul>
 *
 * <p>Task {@code i} of the graph is task {@code i} of the job; literals become the root tasks'
 * inputs, in order. Stateless.
 */
public final class JobConversion {

  private JobConversion() {}

  /**
   * @throws UnsupportedJobException when the graph cannot express the job; see the class comment
   */
  public static ClusterJob convert(JobSpec job) throws UnsupportedJobException {
    String name = job.name();
    if (job.failurePolicy() != FailurePolicy.FAIL_FAST) {
      throw new UnsupportedJobException(
          name,
          "\"on_failure\": \""
              + job.failurePolicy().fileName()
              + "\" has no upstream equivalent: a cluster always fails a job fast at its first"
              + " task failing for good; remove on_failure (or set \"fail_fast\"), or run the job"
              + " locally");
    }
    List<GraphTask> tasks = new ArrayList<>();
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < job.tasks().size(); i++) {
      tasks.add(task(job, i, inputs));
    }
    TaskGraph graph;
    try {
      graph =
          new TaskGraph(
              TaskGraph.SCHEMA_VERSION,
              tasks,
              termination(job.commit(), name, JobSpec.COMMIT_NAME),
              termination(job.cleanup(), name, JobSpec.CLEANUP_NAME));
    } catch (IllegalArgumentException e) {
      // The checks above cover upstream's rules; reaching this is a gap in them, said as it is.
      throw new UnsupportedJobException(name, "its task graph breaks a rule: " + e.getMessage());
    }
    ClusterJob converted = new ClusterJob(job, graph, inputs);
    checkJobOutputs(job, converted);
    return converted;
  }

  private static GraphTask task(JobSpec job, int i, List<byte[]> jobInputs)
      throws UnsupportedJobException {
    TaskSpec task = job.tasks().get(i);
    String what = "task '" + task.id() + "'";
    Optional<List<TdlType>> outputTypes = task.outputTypes();
    if (outputTypes.isEmpty()) {
      throw new UnsupportedJobException(
          job.name(),
          what
              + " declares no \"outputs\": upstream's graph needs every task's output count (a"
              + " success returning another count is refused); add \"outputs\" with the output"
              + " types, e.g. [\"int64\"], or [] for a task returning nothing");
    }
    List<DataTypeDescriptor> outputs = new ArrayList<>();
    for (int p = 0; p < outputTypes.get().size(); p++) {
      outputs.add(
          TypeMapping.toUpstream(
              outputTypes.get().get(p), job.name(), "output " + p + " of " + what));
    }
    List<DataTypeDescriptor> inputs = new ArrayList<>();
    List<TaskIoIndex> sources = new ArrayList<>();
    List<byte[]> literals = new ArrayList<>();
    for (int j = 0; j < task.inputs().size(); j++) {
      Input input = task.inputs().get(j);
      String inputWhat = "input " + j + " of " + what;
      if (input instanceof Literal literal) {
        inputs.add(TypeMapping.toUpstream(literal.type(), job.name(), inputWhat));
        literals.add(literal.msgpack());
      } else if (input instanceof OutputRef ref) {
        int producer = job.indexOf(ref.task());
        if (producer >= i) {
          throw new UnsupportedJobException(
              job.name(),
              inputWhat
                  + " references task '"
                  + ref.task()
                  + "', listed after it: upstream's graph lists every task after the tasks it"
                  + " takes outputs from; move '"
                  + ref.task()
                  + "' before '"
                  + task.id()
                  + "' in \"tasks\"");
        }
        inputs.add(outputs(job, producer).get(ref.output()));
        sources.add(new TaskIoIndex(producer, ref.output()));
      } else {
        throw new UnsupportedJobException(
            job.name(),
            inputWhat
                + " is a pre-encoded payload, which only jobs read from job files carry here;"
                + " submit a job file");
      }
    }
    if (!literals.isEmpty() && !sources.isEmpty()) {
      throw new UnsupportedJobException(
          job.name(),
          what
              + " mixes literal inputs with references to other tasks: upstream takes a task's"
              + " inputs all from the job or all from earlier tasks; give the literals a task of"
              + " their own that returns them (a task of your package returning its inputs) and"
              + " reference its outputs, or make every input of '"
              + task.id()
              + "' a literal");
    }
    jobInputs.addAll(literals);
    GraphTask converted =
        sources.isEmpty()
            ? GraphTask.root(context(task.function()), inputs, outputs)
            : GraphTask.fed(context(task.function()), inputs, outputs, sources);
    return converted.withPolicy(PolicyMapping.toUpstream(task.policy(), job.name(), what));
  }

  /** The upstream output descriptors of an earlier task, already accepted by {@link #task}. */
  private static List<DataTypeDescriptor> outputs(JobSpec job, int producer)
      throws UnsupportedJobException {
    TaskSpec task = job.tasks().get(producer);
    List<DataTypeDescriptor> out = new ArrayList<>();
    List<TdlType> types = task.outputTypes().orElseThrow();
    for (int p = 0; p < types.size(); p++) {
      out.add(
          TypeMapping.toUpstream(
              types.get(p), job.name(), "output " + p + " of task '" + task.id() + "'"));
    }
    return out;
  }

  private static Optional<GraphTerminationTask> termination(
      Optional<TerminationTask> task, String job, String which) throws UnsupportedJobException {
    if (task.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new GraphTerminationTask(
            context(task.get().function()),
            Optional.of(
                PolicyMapping.toUpstream(task.get().policy(), job, "the " + which + " task"))));
  }

  private static TdlContext context(dev.spider.manager.client.TaskFunction function) {
    return new TdlContext(function.packageName(), function.taskName());
  }

  private static void checkJobOutputs(JobSpec job, ClusterJob converted)
      throws UnsupportedJobException {
    if (job.jobOutputs().isEmpty()) {
      return;
    }
    List<OutputRef> derived = converted.jobOutputs();
    if (!job.jobOutputs().get().equals(derived)) {
      throw new UnsupportedJobException(
          job.name(),
          "\"job_outputs\" "
              + job.jobOutputs().get()
              + " differ from the job outputs upstream derives, "
              + derived
              + ": on a cluster they are always every output of the tasks no other task takes an"
              + " input from, in task order; remove \"job_outputs\", or restructure the tasks so"
              + " those are the outputs you want");
    }
  }
}
