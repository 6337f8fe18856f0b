package dev.spider.cli.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@link TaskGraph} from its parsed JSON, field by field, as serde reads upstream's
 * structs: all four top-level keys required ({@code null} allowed for the termination tasks);
 * {@code execution_policy} and each of its fields optional with upstream's defaults; {@code
 * input_sources} absent or {@code null} for a root task; unknown fields ignored. Every problem is
 * an {@link InvalidTaskGraphException} at the offending value's JSON pointer.
 *
 * <p>Stateless.
 */
final class TaskGraphReader {

  private TaskGraphReader() {}

  static TaskGraph read(JsonNode root) throws InvalidTaskGraphException {
    JsonFields.object(root, "", "a task graph");
    String version =
        JsonFields.string(
            JsonFields.required(root, "", "schema_version"), "/schema_version", "schema_version");
    // The version first: a graph of another schema would otherwise fail on some field instead.
    Optional<TaskGraphCheck.Problem> versionProblem = TaskGraphCheck.schemaProblem(version);
    if (versionProblem.isPresent()) {
      throw new InvalidTaskGraphException(
          versionProblem.get().pointer(), versionProblem.get().message());
    }
    JsonNode tasksNode =
        JsonFields.array(JsonFields.required(root, "", "tasks"), "/tasks", "tasks");
    Optional<GraphTerminationTask> commit =
        termination(JsonFields.required(root, "", "commit_task"), "/commit_task");
    Optional<GraphTerminationTask> cleanup =
        termination(JsonFields.required(root, "", "cleanup_task"), "/cleanup_task");
    List<GraphTask> tasks = new ArrayList<>(tasksNode.size());
    for (int i = 0; i < tasksNode.size(); i++) {
      tasks.add(task(tasksNode.get(i), "/tasks/" + i, i));
    }
    Optional<TaskGraphCheck.Problem> problem = TaskGraphCheck.firstProblem(version, tasks);
    if (problem.isPresent()) {
      throw new InvalidTaskGraphException(problem.get().pointer(), problem.get().message());
    }
    return new TaskGraph(version, tasks, commit, cleanup);
  }

  private static Optional<GraphTerminationTask> termination(JsonNode node, String pointer)
      throws InvalidTaskGraphException {
    if (node.isNull()) {
      return Optional.empty();
    }
    JsonFields.object(node, pointer, pointer.substring(1));
    TdlContext context =
        context(JsonFields.required(node, pointer, "tdl_context"), pointer + "/tdl_context");
    Optional<GraphExecutionPolicy> policy = policy(node, pointer);
    return Optional.of(new GraphTerminationTask(context, policy));
  }

  private static GraphTask task(JsonNode node, String pointer, int index)
      throws InvalidTaskGraphException {
    JsonFields.object(node, pointer, "task " + index);
    TdlContext context =
        context(JsonFields.required(node, pointer, "tdl_context"), pointer + "/tdl_context");
    Optional<GraphExecutionPolicy> policy = policy(node, pointer);
    List<DataTypeDescriptor> inputs = types(node, pointer, "inputs");
    List<DataTypeDescriptor> outputs = types(node, pointer, "outputs");
    Optional<List<TaskIoIndex>> sources = Optional.empty();
    Optional<JsonNode> sourcesNode = JsonFields.optional(node, "input_sources");
    if (sourcesNode.isPresent()) {
      String at = pointer + "/input_sources";
      JsonNode array =
          JsonFields.array(sourcesNode.get(), at, "input_sources (null for a root task)");
      List<TaskIoIndex> list = new ArrayList<>(array.size());
      for (int j = 0; j < array.size(); j++) {
        list.add(source(array.get(j), at + "/" + j));
      }
      sources = Optional.of(list);
    }
    return new GraphTask(context, policy, inputs, outputs, sources);
  }

  private static TdlContext context(JsonNode node, String pointer)
      throws InvalidTaskGraphException {
    JsonFields.object(node, pointer, "tdl_context");
    String packageName =
        JsonFields.string(
            JsonFields.required(node, pointer, "package"), pointer + "/package", "package");
    String taskFunc =
        JsonFields.string(
            JsonFields.required(node, pointer, "task_func"), pointer + "/task_func", "task_func");
    return new TdlContext(packageName, taskFunc);
  }

  private static List<DataTypeDescriptor> types(JsonNode task, String pointer, String field)
      throws InvalidTaskGraphException {
    String at = pointer + "/" + field;
    JsonNode array = JsonFields.array(JsonFields.required(task, pointer, field), at, field);
    List<DataTypeDescriptor> out = new ArrayList<>(array.size());
    for (int j = 0; j < array.size(); j++) {
      out.add(TypeDescriptorJson.readData(array.get(j), at + "/" + j));
    }
    return out;
  }

  private static TaskIoIndex source(JsonNode node, String pointer)
      throws InvalidTaskGraphException {
    JsonFields.object(node, pointer, "an input source ({\"task_idx\": T, \"position\": P})");
    // Indices beyond an int cannot name a task or an output of this graph; the range check below
    // says so before narrowing.
    long task =
        JsonFields.unsigned(
            JsonFields.required(node, pointer, "task_idx"),
            pointer + "/task_idx",
            "task_idx",
            Long.MAX_VALUE);
    long position =
        JsonFields.unsigned(
            JsonFields.required(node, pointer, "position"),
            pointer + "/position",
            "position",
            Long.MAX_VALUE);
    if (task > Integer.MAX_VALUE) {
      throw new InvalidTaskGraphException(
          pointer + "/task_idx", "task_idx " + task + " does not name a task of this graph");
    }
    if (position > Integer.MAX_VALUE) {
      throw new InvalidTaskGraphException(
          pointer + "/position", "position " + position + " does not name an output of a task");
    }
    return new TaskIoIndex((int) task, (int) position);
  }

  private static Optional<GraphExecutionPolicy> policy(JsonNode owner, String ownerPointer)
      throws InvalidTaskGraphException {
    Optional<JsonNode> found = JsonFields.optional(owner, "execution_policy");
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String pointer = ownerPointer + "/execution_policy";
    JsonNode node = JsonFields.object(found.get(), pointer, "execution_policy");
    long retries =
        unsignedOr(node, pointer, "max_num_retry", GraphExecutionPolicy.DEFAULT_MAX_NUM_RETRY);
    long instances =
        unsignedOr(
            node, pointer, "max_num_instances", GraphExecutionPolicy.DEFAULT_MAX_NUM_INSTANCES);
    if (instances < 1) {
      throw new InvalidTaskGraphException(
          pointer + "/max_num_instances",
          "max_num_instances must be at least 1: with 0 the task never runs and the job hangs");
    }
    GraphTimeoutPolicy timeouts = GraphTimeoutPolicy.DEFAULT;
    Optional<JsonNode> timeoutNode = JsonFields.optional(node, "timeout_policy");
    if (timeoutNode.isPresent()) {
      String at = pointer + "/timeout_policy";
      JsonFields.object(timeoutNode.get(), at, "timeout_policy");
      long soft =
          unsignedOr(
              timeoutNode.get(), at, "soft_timeout_ms", GraphTimeoutPolicy.DEFAULT_SOFT_TIMEOUT_MS);
      long hard =
          unsignedOr(
              timeoutNode.get(), at, "hard_timeout_ms", GraphTimeoutPolicy.DEFAULT_HARD_TIMEOUT_MS);
      Optional<GraphTimeoutPolicy.Problem> problem = GraphTimeoutPolicy.problem(soft, hard);
      if (problem.isPresent()) {
        throw new InvalidTaskGraphException(
            at + "/" + problem.get().field(), problem.get().message());
      }
      timeouts = new GraphTimeoutPolicy(soft, hard);
    }
    return Optional.of(new GraphExecutionPolicy(retries, instances, timeouts));
  }

  private static long unsignedOr(JsonNode object, String pointer, String field, long fallback)
      throws InvalidTaskGraphException {
    Optional<JsonNode> node = JsonFields.optional(object, field);
    return node.isEmpty()
        ? fallback
        : JsonFields.unsigned(node.get(), pointer + "/" + field, field, Long.MAX_VALUE);
  }
}
