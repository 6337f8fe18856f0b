package dev.spider.cli.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal of the reader: where it points and what it says. */
final class TaskGraphRefusalTest {

  private static final String I64 = "{\"Value\": {\"Primitive\": {\"Int\": \"Int64\"}}}";
  private static final String I32 = "{\"Value\": {\"Primitive\": {\"Int\": \"Int32\"}}}";

  /** A graph of the given tasks (JSON objects) without termination tasks. */
  private static String graph(String... tasks) {
    return "{\"schema_version\": \"0.1.0\", \"tasks\": ["
        + String.join(",", tasks)
        + "], \"commit_task\": null, \"cleanup_task\": null}";
  }

  private static String task(String inputs, String outputs, String sources) {
    return "{\"tdl_context\": {\"package\": \"p\", \"task_func\": \"f\"}, \"inputs\": ["
        + inputs
        + "], \"outputs\": ["
        + outputs
        + "], \"input_sources\": "
        + sources
        + "}";
  }

  private static String root(String inputs, String outputs) {
    return task(inputs, outputs, "null");
  }

  private static String withPolicy(String policy) {
    return graph(
        "{\"tdl_context\": {\"package\": \"p\", \"task_func\": \"f\"}, \"execution_policy\": "
            + policy
            + ", \"inputs\": [], \"outputs\": []}");
  }

  private static String withType(String type) {
    return graph(root(type, ""));
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("{", "", "not valid JSON"),
        Arguments.of("", "", "empty document"),
        Arguments.of("[]", "", "a task graph must be an object, found an array"),
        Arguments.of(graph(root("", "")) + " {}", "", "not valid JSON"),
        Arguments.of(
            "{\"schema_version\": \"0.1.0\", \"schema_version\": \"0.1.0\"}",
            "",
            "Duplicate field 'schema_version'"),
        Arguments.of(
            "{\"tasks\": [], \"commit_task\": null, \"cleanup_task\": null}",
            "",
            "missing field \"schema_version\""),
        Arguments.of(
            "{\"schema_version\": \"0.1.0\", \"tasks\": [], \"cleanup_task\": null}",
            "",
            "missing field \"commit_task\""),
        Arguments.of(
            "{\"schema_version\": \"0.1.0\", \"tasks\": [], \"commit_task\": null}",
            "",
            "missing field \"cleanup_task\""),
        Arguments.of(
            "{\"schema_version\": \"0.1.0\", \"commit_task\": null, \"cleanup_task\": null}",
            "",
            "missing field \"tasks\""),
        Arguments.of(
            graph(root("", "")).replace("0.1.0", "0.2.0"),
            "/schema_version",
            "schema_version \"0.2.0\" is not compatible with this reader (>=0.1.0, <0.2.0);"
                + " write \"0.1.0\""),
        Arguments.of(
            graph(root("", "")).replace("0.1.0", "0.1.1-rc.1"),
            "/schema_version",
            "is not compatible"),
        Arguments.of(
            graph(root("", "")).replace("0.1.0", "one"),
            "/schema_version",
            "schema_version \"one\" is not a semantic version; write \"0.1.0\""),
        Arguments.of(
            graph(),
            "/tasks",
            "a task graph needs at least one task (storage refuses an empty graph)"),
        Arguments.of(
            graph("{\"inputs\": [], \"outputs\": []}"),
            "/tasks/0",
            "missing field \"tdl_context\""),
        Arguments.of(
            graph("{\"tdl_context\": {\"package\": \"p\"}, \"inputs\": [], \"outputs\": []}"),
            "/tasks/0/tdl_context",
            "missing field \"task_func\""),
        Arguments.of(
            graph(
                "{\"tdl_context\": {\"package\": 1, \"task_func\": \"f\"}, \"inputs\": [],"
                    + " \"outputs\": []}"),
            "/tasks/0/tdl_context/package",
            "package must be a string, found the number 1"),
        Arguments.of(
            graph("{\"tdl_context\": {\"package\": \"p\", \"task_func\": \"f\"}, \"outputs\": []}"),
            "/tasks/0",
            "missing field \"inputs\""),
        Arguments.of(
            graph(task("", "", "[]")),
            "/tasks/0/input_sources",
            "task 0 has no inputs, so it takes nothing from other tasks: its input_sources must"
                + " be null"),
        Arguments.of(
            graph(root("", I64), task(I64 + "," + I64, "", "[{\"task_idx\": 0, \"position\": 0}]")),
            "/tasks/1/input_sources",
            "task 1 declares 2 input(s) but 1 input source(s); give one source per input, or null"
                + " to take every input from the job"),
        Arguments.of(
            graph(task(I64, I64, "[{\"task_idx\": 0, \"position\": 0}]")),
            "/tasks/0/input_sources/0/task_idx",
            "input 0 of task 0 takes an output of task 0, but a task can only take outputs of"
                + " earlier tasks and task 0 has none; list producers before their consumers"),
        Arguments.of(
            graph(
                root("", I64),
                task(I64, "", "[{\"task_idx\": 2, \"position\": 0}]"),
                root("", I64)),
            "/tasks/1/input_sources/0/task_idx",
            "input 0 of task 1 takes an output of task 2, but a task can only take outputs of"
                + " earlier tasks (0 to 0); list producers before their consumers"),
        Arguments.of(
            graph(root("", I64), task(I64, "", "[{\"task_idx\": 0, \"position\": 1}]")),
            "/tasks/1/input_sources/0/position",
            "input 0 of task 1 takes output 1 of task 0, which declares 1 output(s) (positions 0"
                + " to 0)"),
        Arguments.of(
            graph(root("", I32), task(I64, "", "[{\"task_idx\": 0, \"position\": 0}]")),
            "/tasks/1/inputs/0",
            "input 0 of task 1 is declared Value(Int64) but its source, output 0 of task 0, is"
                + " Value(Int32); connected outputs and inputs must declare equal types"),
        Arguments.of(
            graph(root("", I64), task(I64, "", "[{\"task_idx\": -1, \"position\": 0}]")),
            "/tasks/1/input_sources/0/task_idx",
            "task_idx must be between 0 and"),
        Arguments.of(
            graph(root("", I64), task(I64, "", "[{\"task_idx\": 0.5, \"position\": 0}]")),
            "/tasks/1/input_sources/0/task_idx",
            "task_idx must be a non-negative integer, found the number 0.5"),
        Arguments.of(
            graph(root("", I64), task(I64, "", "[{\"task_idx\": 4294967296, \"position\": 0}]")),
            "/tasks/1/input_sources/0/task_idx",
            "task_idx 4294967296 does not name a task of this graph"),
        Arguments.of(
            graph(root("", I64), task(I64, "", "[{\"task_idx\": 0}]")),
            "/tasks/1/input_sources/0",
            "missing field \"position\""),
        Arguments.of(
            withType("{\"Value\": {\"Primitive\": {\"Int\": \"UInt64\"}}}"),
            "/tasks/0/inputs/0/Value/Primitive/Int",
            "unknown variant \"UInt64\"; expected one of \"Int8\", \"Int16\", \"Int32\","
                + " \"Int64\""),
        Arguments.of(
            withType("{\"Value\": {\"String\": {}}}"),
            "/tasks/0/inputs/0/Value",
            "unknown variant \"String\"; expected one of \"Primitive\", \"Bytes\", \"Struct\","
                + " \"List\", \"Map\""),
        Arguments.of(
            withType("{\"Owned\": {\"Bytes\": {}}}"),
            "/tasks/0/inputs/0",
            "unknown variant \"Owned\"; expected one of \"Value\", \"SharedValue\""),
        Arguments.of(
            withType("{\"Value\": {\"Bytes\": {}}, \"SharedValue\": {\"Bytes\": {}}}"),
            "/tasks/0/inputs/0",
            "must be an object with exactly one key (its variant)"),
        Arguments.of(
            withType("{\"Value\": {\"Primitive\": \"Char\"}}"),
            "/tasks/0/inputs/0/Value/Primitive",
            "unknown variant \"Char\"; expected one of \"Int\", \"Float\", \"Boolean\""),
        Arguments.of(
            withType("{\"Value\": {\"Primitive\": {\"Float\": \"Float16\"}}}"),
            "/tasks/0/inputs/0/Value/Primitive/Float",
            "unknown variant \"Float16\"; expected one of \"Float32\", \"Float64\""),
        Arguments.of(
            withType("{\"Value\": {\"Struct\": \"\"}}"),
            "/tasks/0/inputs/0/Value/Struct",
            "a Struct needs a non-empty name"),
        Arguments.of(
            withType("{\"Value\": {\"Bytes\": []}}"),
            "/tasks/0/inputs/0/Value/Bytes",
            "Bytes must be an object, found an array"),
        Arguments.of(
            withType(
                "{\"Value\": {\"Map\": {\"key\": {\"Primitive\": \"Boolean\"}, \"value\":"
                    + " {\"Bytes\": {}}}}}"),
            "/tasks/0/inputs/0/Value/Map/key",
            "unknown variant \"Primitive\"; expected one of \"Int\", \"Bytes\""),
        Arguments.of(
            withType("{\"Value\": {\"Map\": {\"key\": {\"Bytes\": {}}}}}"),
            "/tasks/0/inputs/0/Value/Map",
            "missing field \"value\""),
        Arguments.of(
            withPolicy("{\"max_num_instances\": 0}"),
            "/tasks/0/execution_policy/max_num_instances",
            "max_num_instances must be at least 1: with 0 the task never runs and the job hangs"),
        Arguments.of(
            withPolicy("{\"max_num_retry\": \"3\"}"),
            "/tasks/0/execution_policy/max_num_retry",
            "max_num_retry must be a non-negative integer, found the string \"3\""),
        Arguments.of(
            withPolicy("{\"max_num_retry\": 18446744073709551615}"),
            "/tasks/0/execution_policy/max_num_retry",
            "max_num_retry must be between 0 and 9223372036854775807, found 18446744073709551615"),
        Arguments.of(
            withPolicy("{\"timeout_policy\": {\"soft_timeout_ms\": 99, \"hard_timeout_ms\": 200}}"),
            "/tasks/0/execution_policy/timeout_policy/soft_timeout_ms",
            "soft_timeout_ms 99 is below the minimum of 100 ms; raise it"),
        Arguments.of(
            withPolicy(
                "{\"timeout_policy\": {\"soft_timeout_ms\": 200, \"hard_timeout_ms\": 200}}"),
            "/tasks/0/execution_policy/timeout_policy/hard_timeout_ms",
            "hard_timeout_ms 200 must be greater than soft_timeout_ms 200; raise hard_timeout_ms"
                + " or lower soft_timeout_ms"),
        Arguments.of(
            withPolicy(
                "{\"timeout_policy\": {\"soft_timeout_ms\": 200, \"hard_timeout_ms\": 86400001}}"),
            "/tasks/0/execution_policy/timeout_policy/hard_timeout_ms",
            "hard_timeout_ms 86400001 exceeds the maximum of 86400000 ms (24 h); lower it"),
        Arguments.of(
            withPolicy("{\"timeout_policy\": {\"hard_timeout_ms\": 1000}}"),
            "/tasks/0/execution_policy/timeout_policy/hard_timeout_ms",
            "hard_timeout_ms 1000 must be greater than soft_timeout_ms 150000"),
        Arguments.of(
            withPolicy("[]"),
            "/tasks/0/execution_policy",
            "execution_policy must be an object, found an array"),
        Arguments.of(
            graph(root("", "")).replace("\"commit_task\": null", "\"commit_task\": {}"),
            "/commit_task",
            "missing field \"tdl_context\""),
        Arguments.of(
            graph(root("", ""))
                .replace(
                    "\"cleanup_task\": null",
                    "\"cleanup_task\": {\"tdl_context\": {\"package\": \"p\", \"task_func\":"
                        + " \"c\"}, \"execution_policy\": {\"max_num_instances\": 0}}"),
            "/cleanup_task/execution_policy/max_num_instances",
            "max_num_instances must be at least 1"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void refuses(String json, String pointer, String message) {
    InvalidTaskGraphException e =
        assertThrows(InvalidTaskGraphException.class, () -> TaskGraphJson.parse(json));
    assertEquals(pointer, e.pointer(), e.getMessage());
    assertTrue(e.problem().contains(message), e.problem());
    assertTrue(
        e.getMessage()
            .startsWith(
                "invalid task graph" + (pointer.isEmpty() ? ": " : " at " + pointer + ": ")),
        e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void recordsRefuseWhatTheReaderRefuses() {
    TdlContext f = new TdlContext("p", "f");
    DataTypeDescriptor i64 =
        DataTypeDescriptor.value(ValueTypeDescriptor.integer(ValueTypeDescriptor.IntWidth.INT64));
    IllegalArgumentException wrongOrder =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TaskGraph.of(
                    List.of(
                        GraphTask.fed(
                            f, List.of(i64), List.of(), List.of(new TaskIoIndex(0, 0))))));
    assertTrue(wrongOrder.getMessage().startsWith("/tasks/0/input_sources/0/task_idx: "));
    assertThrows(IllegalArgumentException.class, () -> new GraphTimeoutPolicy(100, 100));
    assertThrows(
        IllegalArgumentException.class,
        () -> new GraphExecutionPolicy(0, 0, GraphTimeoutPolicy.DEFAULT));
    assertThrows(
        IllegalArgumentException.class,
        () -> ValueTypeDescriptor.map(ValueTypeDescriptor.bool(), ValueTypeDescriptor.bool()));
    assertThrows(IllegalArgumentException.class, () -> new ValueTypeDescriptor.StructType(""));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TaskGraph(
                "0.3.0",
                List.of(GraphTask.root(f, List.of(), List.of())),
                Optional.empty(),
                Optional.empty()));
  }
}
