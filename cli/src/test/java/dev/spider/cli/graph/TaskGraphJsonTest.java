package dev.spider.cli.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.cli.graph.ValueTypeDescriptor.FloatWidth;
import dev.spider.cli.graph.ValueTypeDescriptor.IntWidth;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON form of the task graph: the documented example, round trips, and derived lists. */
final class TaskGraphJsonTest {

  /** The example of docs/job-files.md ("Running a job file on a cluster"). */
  static final String EXAMPLE =
      """
      {"schema_version": "0.1.0",
       "tasks": [
         {"tdl_context": {"package": "P", "task_func": "f"},
          "execution_policy": {"max_num_retry": 3, "max_num_instances": 1,
                               "timeout_policy": {"soft_timeout_ms": 150000, "hard_timeout_ms": 300000}},
          "inputs":  [{"Value": {"Primitive": {"Int": "Int64"}}}],
          "outputs": [{"Value": {"Primitive": {"Int": "Int64"}}}],
          "input_sources": null},
         {"tdl_context": {"package": "P", "task_func": "g"},
          "inputs": [{"Value": {"Primitive": {"Int": "Int64"}}}], "outputs": [],
          "input_sources": [{"task_idx": 0, "position": 0}]}],
       "commit_task": {"tdl_context": {"package": "P", "task_func": "commit"}},
       "cleanup_task": null}
      """;

  /** Every kind of type descriptor, fan-out, fan-in, a reused output and a task without I/O. */
  static final String RICH =
      """
      {"schema_version": "0.1.0",
       "tasks": [
         {"tdl_context": {"package": "p", "task_func": "a"},
          "inputs": [{"Value": {"Primitive": {"Int": "Int32"}}}, {"Value": {"Primitive": {"Float": "Float64"}}}],
          "outputs": [{"Value": {"Primitive": {"Int": "Int64"}}}, {"SharedValue": {"Primitive": "Boolean"}}],
          "input_sources": null},
         {"tdl_context": {"package": "p", "task_func": "b"},
          "inputs": [{"Value": {"Bytes": {}}}],
          "outputs": [{"Value": {"List": {"Primitive": {"Int": "Int8"}}}},
                      {"Value": {"Map": {"key": {"Bytes": {}}, "value": {"Struct": "Point"}}}}],
          "input_sources": null},
         {"tdl_context": {"package": "p", "task_func": "c"},
          "execution_policy": {"max_num_retry": 2, "max_num_instances": 3,
                               "timeout_policy": {"soft_timeout_ms": 100, "hard_timeout_ms": 101}},
          "inputs": [{"Value": {"Primitive": {"Int": "Int64"}}}, {"SharedValue": {"Primitive": "Boolean"}},
                     {"Value": {"List": {"Primitive": {"Int": "Int8"}}}}, {"Value": {"Primitive": {"Int": "Int64"}}}],
          "outputs": [{"Value": {"Map": {"key": {"Int": "Int16"}, "value": {"Primitive": {"Float": "Float32"}}}}}],
          "input_sources": [{"task_idx": 0, "position": 0}, {"task_idx": 0, "position": 1},
                            {"task_idx": 1, "position": 0}, {"task_idx": 0, "position": 0}]},
         {"tdl_context": {"package": "p", "task_func": "d"},
          "inputs": [], "outputs": [], "input_sources": null}],
       "commit_task": null,
       "cleanup_task": {"tdl_context": {"package": "p", "task_func": "cleanup"},
                        "execution_policy": {"max_num_retry": 1, "max_num_instances": 1,
                                             "timeout_policy": {"soft_timeout_ms": 1000, "hard_timeout_ms": 2000}}}}
      """;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode tree(String json) throws Exception {
    return MAPPER.readTree(json);
  }

  @Test
  void parsesTheDocumentedExample() throws Exception {
    TaskGraph graph = TaskGraphJson.parse(EXAMPLE);

    assertEquals("0.1.0", graph.schemaVersion());
    assertEquals(2, graph.tasks().size());
    GraphTask f = graph.tasks().get(0);
    assertEquals(new TdlContext("P", "f"), f.tdlContext());
    assertEquals(
        Optional.of(new GraphExecutionPolicy(3, 1, new GraphTimeoutPolicy(150_000, 300_000))),
        f.executionPolicy());
    DataTypeDescriptor int64 =
        DataTypeDescriptor.value(ValueTypeDescriptor.integer(IntWidth.INT64));
    assertEquals(List.of(int64), f.inputs());
    assertEquals(List.of(int64), f.outputs());
    assertTrue(f.isRoot());
    GraphTask g = graph.tasks().get(1);
    assertEquals(Optional.empty(), g.executionPolicy());
    assertEquals(GraphExecutionPolicy.DEFAULT, g.effectivePolicy());
    assertEquals(Optional.of(List.of(new TaskIoIndex(0, 0))), g.inputSources());
    assertEquals(
        Optional.of(GraphTerminationTask.of(new TdlContext("P", "commit"))), graph.commitTask());
    assertEquals(Optional.empty(), graph.cleanupTask());
    assertEquals(List.of(new TaskIoIndex(0, 0)), graph.jobInputs());
    assertEquals(
        List.of(), graph.jobOutputs(), "g, the only task without children, has no outputs");
  }

  @Test
  void roundTripsToTheSameJson() throws Exception {
    for (String json : List.of(EXAMPLE, RICH)) {
      TaskGraph graph = TaskGraphJson.parse(json);
      assertEquals(tree(json), tree(TaskGraphJson.writeString(graph)));
      assertEquals(graph, TaskGraphJson.parse(TaskGraphJson.write(graph)));
      assertEquals(tree(json), tree(TaskGraphJson.writeTree(graph).toString()));
    }
  }

  @Test
  void roundTripsThroughZstd() throws Exception {
    TaskGraph graph = TaskGraphJson.parse(RICH);
    byte[] compressed = TaskGraphJson.writeCompressed(graph);
    assertEquals(graph, TaskGraphJson.parseCompressed(compressed, 1 << 20));

    InvalidTaskGraphException tooBig =
        assertThrows(
            InvalidTaskGraphException.class, () -> TaskGraphJson.parseCompressed(compressed, 10));
    assertTrue(tooBig.getMessage().contains("exceeds the cap of 10 bytes"), tooBig.getMessage());
    InvalidTaskGraphException notZstd =
        assertThrows(
            InvalidTaskGraphException.class,
            () -> TaskGraphJson.parseCompressed(TaskGraphJson.write(graph), 1 << 20));
    assertTrue(notZstd.getMessage().contains("corrupt zstd frame"), notZstd.getMessage());
  }

  @Test
  void derivesJobInputsOutputsAndEdges() throws Exception {
    TaskGraph graph = TaskGraphJson.parse(RICH);

    // Root tasks a (two inputs), b (one) and d (none), in task order.
    assertEquals(
        List.of(new TaskIoIndex(0, 0), new TaskIoIndex(0, 1), new TaskIoIndex(1, 0)),
        graph.jobInputs());
    assertEquals(
        List.of(
            DataTypeDescriptor.value(ValueTypeDescriptor.integer(IntWidth.INT32)),
            DataTypeDescriptor.value(ValueTypeDescriptor.floating(FloatWidth.FLOAT64)),
            DataTypeDescriptor.value(ValueTypeDescriptor.bytes())),
        graph.jobInputTypes());
    // Tasks without children: c (one output) and d (none); b's unused output 1 is not a job output.
    assertEquals(List.of(new TaskIoIndex(2, 0)), graph.jobOutputs());
    assertEquals(
        List.of(
            DataTypeDescriptor.value(
                ValueTypeDescriptor.map(
                    ValueTypeDescriptor.integer(IntWidth.INT16),
                    ValueTypeDescriptor.floating(FloatWidth.FLOAT32)))),
        graph.jobOutputTypes());
    assertEquals(List.of(0, 1), graph.parents(2));
    assertEquals(List.of(), graph.parents(0));
    assertEquals(List.of(2), graph.children(0));
    assertEquals(List.of(), graph.children(3));
    assertEquals(List.of(List.of(2), List.of(2), List.of(), List.of()), graph.childrenByTask());
    assertEquals(
        List.of(new TaskIoIndex(2, 0), new TaskIoIndex(2, 3)),
        graph.consumers(new TaskIoIndex(0, 0)));
  }

  @Test
  void readsSerdeDefaults() throws Exception {
    TaskGraph graph =
        TaskGraphJson.parse(
            """
            {"schema_version": "0.1.7+build.5", "unknown_key": [1],
             "tasks": [{"tdl_context": {"package": "p", "task_func": "f", "extra": 1},
                        "execution_policy": {"max_num_retry": 4},
                        "inputs": [], "outputs": []}],
             "commit_task": null, "cleanup_task": null}
            """);
    GraphTask task = graph.tasks().get(0);
    assertTrue(task.isRoot(), "a missing input_sources is null, as serde reads an Option");
    assertEquals(
        new GraphExecutionPolicy(4, 1, GraphTimeoutPolicy.DEFAULT), task.effectivePolicy());
  }

  @Test
  void writesTypesAsSerdeDoes() {
    TaskGraph graph =
        TaskGraph.of(
            List.of(
                GraphTask.root(
                    new TdlContext("p", "f"),
                    List.of(
                        new DataTypeDescriptor(
                            DataTypeDescriptor.Sharing.SHARED_VALUE,
                            ValueTypeDescriptor.list(ValueTypeDescriptor.bool()))),
                    List.of(
                        DataTypeDescriptor.value(
                            ValueTypeDescriptor.map(
                                ValueTypeDescriptor.bytes(),
                                new ValueTypeDescriptor.StructType("S")))))));
    assertEquals(
        "{\"schema_version\":\"0.1.0\",\"tasks\":[{\"tdl_context\":{\"package\":\"p\","
            + "\"task_func\":\"f\"},\"inputs\":[{\"SharedValue\":{\"List\":{\"Primitive\":"
            + "\"Boolean\"}}}],\"outputs\":[{\"Value\":{\"Map\":{\"key\":{\"Bytes\":{}},"
            + "\"value\":{\"Struct\":\"S\"}}}}],\"input_sources\":null}],\"commit_task\":null,"
            + "\"cleanup_task\":null}",
        TaskGraphJson.writeString(graph));
  }
}
