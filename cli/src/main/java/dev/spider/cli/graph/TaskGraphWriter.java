package dev.spider.cli.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Writes a {@link TaskGraph} as the JSON tree upstream reads, keys in upstream's field order.
 * Optional fields absent from the model ({@code execution_policy}) are left out, so a graph read
 * and written again is the same JSON; {@code input_sources} and the termination tasks are always
 * written, {@code null} when absent.
 *
 * <p>Stateless and thread-safe.
 */
final class TaskGraphWriter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TaskGraphWriter() {}

  static ObjectNode write(TaskGraph graph) {
    ObjectNode root = NODES.objectNode();
    root.put("schema_version", graph.schemaVersion());
    ArrayNode tasks = root.putArray("tasks");
    for (GraphTask task : graph.tasks()) {
      tasks.add(task(task));
    }
    root.set("commit_task", termination(graph.commitTask()));
    root.set("cleanup_task", termination(graph.cleanupTask()));
    return root;
  }

  private static ObjectNode task(GraphTask task) {
    ObjectNode node = NODES.objectNode();
    node.set("tdl_context", context(task.tdlContext()));
    task.executionPolicy().ifPresent(p -> node.set("execution_policy", policy(p)));
    node.set("inputs", types(task.inputs()));
    node.set("outputs", types(task.outputs()));
    if (task.inputSources().isPresent()) {
      ArrayNode sources = node.putArray("input_sources");
      for (TaskIoIndex source : task.inputSources().get()) {
        sources.addObject().put("task_idx", source.taskIdx()).put("position", source.position());
      }
    } else {
      node.putNull("input_sources");
    }
    return node;
  }

  private static JsonNode termination(Optional<GraphTerminationTask> task) {
    if (task.isEmpty()) {
      return NODES.nullNode();
    }
    ObjectNode node = NODES.objectNode();
    node.set("tdl_context", context(task.get().tdlContext()));
    task.get().executionPolicy().ifPresent(p -> node.set("execution_policy", policy(p)));
    return node;
  }

  private static ObjectNode context(TdlContext context) {
    return NODES
        .objectNode()
        .put("package", context.packageName())
        .put("task_func", context.taskFunc());
  }

  private static ObjectNode policy(GraphExecutionPolicy policy) {
    ObjectNode node =
        NODES
            .objectNode()
            .put("max_num_retry", policy.maxNumRetry())
            .put("max_num_instances", policy.maxNumInstances());
    node.putObject("timeout_policy")
        .put("soft_timeout_ms", policy.timeoutPolicy().softTimeoutMs())
        .put("hard_timeout_ms", policy.timeoutPolicy().hardTimeoutMs());
    return node;
  }

  private static ArrayNode types(List<DataTypeDescriptor> types) {
    ArrayNode array = NODES.arrayNode();
    types.forEach(t -> array.add(TypeDescriptorJson.writeData(t)));
    return array;
  }
}
