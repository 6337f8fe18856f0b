package dev.spider.cli.submit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.graph.DataTypeDescriptor;
import dev.spider.cli.graph.GraphExecutionPolicy;
import dev.spider.cli.graph.GraphTask;
import dev.spider.cli.graph.GraphTerminationTask;
import dev.spider.cli.graph.GraphTimeoutPolicy;
import dev.spider.cli.graph.TaskGraph;
import dev.spider.cli.graph.TaskGraphJson;
import dev.spider.cli.graph.TaskIoIndex;
import dev.spider.cli.graph.TdlContext;
import dev.spider.cli.graph.ValueTypeDescriptor;
import dev.spider.cli.graph.ValueTypeDescriptor.FloatWidth;
import dev.spider.cli.graph.ValueTypeDescriptor.IntWidth;
import dev.spider.cli.graph.ZstdFrames;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.jobfile.JobFiles;
import dev.spider.cli.types.TdlType;
import dev.spider.tdl.wire.WireFormat;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Job files converted to upstream's graph and inputs, and every refusal. */
final class JobConversionTest {

  private static final DataTypeDescriptor I64 =
      DataTypeDescriptor.value(ValueTypeDescriptor.integer(IntWidth.INT64));

  private static JobSpec job(String json) throws Exception {
    return JobFiles.parse("test.json", json);
  }

  /** A job file of these tasks (JSON objects), with extra top-level fields. */
  private static String file(String extra, String... tasks) {
    return "{\"name\": \"j\", "
        + extra
        + (extra.isEmpty() ? "" : ", ")
        + "\"tasks\": ["
        + String.join(",", tasks)
        + "]}";
  }

  private static UnsupportedJobException refused(String json) {
    return assertThrows(UnsupportedJobException.class, () -> JobConversion.convert(job(json)));
  }

  @Test
  void convertsTheBundledFanoutDemo() throws Exception {
    ClusterJob job = JobConversion.convert(JobFiles.bundled("fanout.json"));
    TaskGraph graph = job.graph();

    assertEquals(7, graph.tasks().size());
    GraphExecutionPolicy policy =
        new GraphExecutionPolicy(0, 1, new GraphTimeoutPolicy(59_999, 60_000));
    assertEquals(
        GraphTask.root(
                new TdlContext("integration_test_tasks", "fibonacci"), List.of(I64), List.of(I64))
            .withPolicy(policy),
        graph.tasks().get(0));
    assertEquals(
        GraphTask.fed(
                new TdlContext("integration_test_tasks", "add"),
                List.of(I64, I64),
                List.of(I64),
                List.of(new TaskIoIndex(4, 0), new TaskIoIndex(5, 0)))
            .withPolicy(policy),
        graph.tasks().get(6));
    assertEquals(
        Optional.of(
            new GraphTerminationTask(
                new TdlContext("integration_test_tasks", "context_ids"), Optional.of(policy))),
        graph.commitTask());
    assertEquals(Optional.empty(), graph.cleanupTask());
    // The literals 25..28, as rmp_serde writes them (positive fixints), in job-input order.
    assertEquals(
        List.of("19", "1a", "1b", "1c"),
        job.inputs().stream().map(HexFormat.of()::formatHex).toList());
    assertEquals(List.of(new OutputRef("total", 0)), job.jobOutputs());
    assertEquals(List.of(TdlType.Scalar.INT64), job.jobOutputTypes());

    // What RegisterJob carries decodes back to the same graph and inputs.
    assertEquals(graph, TaskGraphJson.parseCompressed(job.compressedGraph(), 1 << 20));
    List<byte[]> sent = WireFormat.decode(ZstdFrames.decompress(job.compressedInputs(), 1 << 20));
    assertEquals(4, sent.size());
    assertArrayEquals(HexFormat.of().parseHex("19"), sent.get(0));
  }

  @Test
  void refusesTheBundledFailuresDemoSayingWhy() throws Exception {
    UnsupportedJobException e =
        assertThrows(
            UnsupportedJobException.class,
            () -> JobConversion.convert(JobFiles.bundled("failures.json")));
    assertEquals(
        "job 'failures' cannot run on a cluster: \"on_failure\": \"continue_independent\" has no"
            + " upstream equivalent: a cluster always fails a job fast at its first task failing"
            + " for good; remove on_failure (or set \"fail_fast\"), or run the job locally",
        e.getMessage());
    // Without on_failure, the next problem: tasks that declare no outputs.
    JobSpec failFast =
        JobFiles.bundled("failures.json")
            .withFailurePolicy(dev.spider.cli.job.FailurePolicy.FAIL_FAST);
    UnsupportedJobException noOutputs =
        assertThrows(UnsupportedJobException.class, () -> JobConversion.convert(failFast));
    assertEquals(
        "task 'timeout' declares no \"outputs\": upstream's graph needs every task's output count"
            + " (a success returning another count is refused); add \"outputs\" with the output"
            + " types, e.g. [\"int64\"], or [] for a task returning nothing",
        noOutputs.problem());
  }

  @Test
  void refusesATaskMixingLiteralsAndReferences() {
    UnsupportedJobException e =
        refused(
            file(
                "",
                "{\"id\": \"a\", \"package\": \"p\", \"task\": \"f\", \"outputs\": [\"int64\"]}",
                "{\"id\": \"b\", \"package\": \"p\", \"task\": \"add\", \"outputs\": [\"int64\"],"
                    + " \"inputs\": [{\"ref\": \"a\"}, {\"type\": \"int64\", \"value\": 1}]}"));
    assertEquals(
        "task 'b' mixes literal inputs with references to other tasks: upstream takes a task's"
            + " inputs all from the job or all from earlier tasks; give the literals a task of"
            + " their own that returns them (a task of your package returning its inputs) and"
            + " reference its outputs, or make every input of 'b' a literal",
        e.problem());
  }

  @Test
  void refusesAReferenceToALaterTask() {
    UnsupportedJobException e =
        refused(
            file(
                "",
                "{\"id\": \"b\", \"package\": \"p\", \"task\": \"g\", \"outputs\": [],"
                    + " \"inputs\": [{\"ref\": \"a\"}]}",
                "{\"id\": \"a\", \"package\": \"p\", \"task\": \"f\", \"outputs\": [\"int64\"]}"));
    assertEquals(
        "input 0 of task 'b' references task 'a', listed after it: upstream's graph lists every"
            + " task after the tasks it takes outputs from; move 'a' before 'b' in \"tasks\"",
        e.problem());
  }

  @Test
  void acceptsJobOutputsEqualToUpstreamsAndRefusesOthers() throws Exception {
    String a =
        "{\"id\": \"a\", \"package\": \"p\", \"task\": \"f\", \"outputs\": [\"int64\", \"string\"]}";
    String b = "{\"id\": \"b\", \"package\": \"p\", \"task\": \"g\", \"outputs\": [\"boolean\"]}";
    ClusterJob same =
        JobConversion.convert(
            job(
                file(
                    "\"job_outputs\": [{\"ref\": \"a\"}, {\"ref\": \"a\", \"output\": 1},"
                        + " {\"ref\": \"b\"}]",
                    a,
                    b)));
    assertEquals(
        List.of(new OutputRef("a", 0), new OutputRef("a", 1), new OutputRef("b", 0)),
        same.jobOutputs());

    UnsupportedJobException e = refused(file("\"job_outputs\": [{\"ref\": \"b\"}]", a, b));
    assertEquals(
        "\"job_outputs\" [b[0]] differ from the job outputs upstream derives, [a[0], a[1], b[0]]:"
            + " on a cluster they are always every output of the tasks no other task takes an"
            + " input from, in task order; remove \"job_outputs\", or restructure the tasks so"
            + " those are the outputs you want",
        e.problem());
  }

  @Test
  void mapsEveryExpressibleType() throws Exception {
    String types =
        "[\"int8\", \"int16\", \"int32\", \"int64\", \"uint8\", \"uint16\", \"uint32\", \"float\","
            + " \"double\", \"boolean\", \"string\", \"bytes\", \"list<uint8>\","
            + " \"map<string, list<double>>\", \"map<uint32, bytes>\"]";
    ClusterJob job =
        JobConversion.convert(
            job(
                file(
                    "",
                    "{\"id\": \"a\", \"package\": \"p\", \"task\": \"f\", \"outputs\": "
                        + types
                        + "}")));
    List<ValueTypeDescriptor> mapped =
        job.graph().tasks().get(0).outputs().stream().map(DataTypeDescriptor::value).toList();
    ValueTypeDescriptor bytes = ValueTypeDescriptor.bytes();
    assertEquals(
        List.of(
            ValueTypeDescriptor.integer(IntWidth.INT8),
            ValueTypeDescriptor.integer(IntWidth.INT16),
            ValueTypeDescriptor.integer(IntWidth.INT32),
            ValueTypeDescriptor.integer(IntWidth.INT64),
            ValueTypeDescriptor.integer(IntWidth.INT16),
            ValueTypeDescriptor.integer(IntWidth.INT32),
            ValueTypeDescriptor.integer(IntWidth.INT64),
            ValueTypeDescriptor.floating(FloatWidth.FLOAT32),
            ValueTypeDescriptor.floating(FloatWidth.FLOAT64),
            ValueTypeDescriptor.bool(),
            bytes,
            bytes,
            ValueTypeDescriptor.list(ValueTypeDescriptor.integer(IntWidth.INT16)),
            ValueTypeDescriptor.map(
                bytes, ValueTypeDescriptor.list(ValueTypeDescriptor.floating(FloatWidth.FLOAT64))),
            ValueTypeDescriptor.map(ValueTypeDescriptor.integer(IntWidth.INT64), bytes)),
        mapped);
  }

  @Test
  void refusesTypesUpstreamCannotExpress() {
    assertEquals(
        "output 0 of task 'a' has type uint64, which no upstream type can hold (upstream integers"
            + " are signed, Int8 to Int64); declare int64 if the values stay below 2^63, or run the"
            + " job locally",
        refused(
                file(
                    "",
                    "{\"id\": \"a\", \"package\": \"p\", \"task\": \"f\", \"outputs\": [\"uint64\"]}"))
            .problem());
    assertEquals(
        "input 0 of task 'a' has type option<int64> (in list<option<int64>>): upstream's task"
            + " graph has no option type; declare int64 if the value is never null, or run the job"
            + " locally",
        refused(
                file(
                    "",
                    "{\"id\": \"a\", \"package\": \"p\", \"task\": \"f\", \"outputs\": [],"
                        + " \"inputs\": [{\"type\": \"list<option<int64>>\", \"value\": [null]}]}"))
            .problem());
    assertTrue(
        refused(
                file(
                    "",
                    "{\"id\": \"a\", \"package\": \"p\", \"task\": \"f\","
                        + " \"outputs\": [\"map<uint64, string>\"]}"))
            .problem()
            .startsWith("output 0 of task 'a' has type uint64 (in map<uint64, string>)"));
  }

  @Test
  void mapsTimeoutsWithinUpstreamsRules() throws Exception {
    ClusterJob job =
        JobConversion.convert(
            job(
                file(
                    "",
                    "{\"id\": \"a\", \"package\": \"p\", \"task\": \"f\", \"outputs\": [],"
                        + " \"max_retries\": 4, \"hard_timeout_seconds\": 1.5,"
                        + " \"soft_timeout_seconds\": 0.25}",
                    "{\"id\": \"b\", \"package\": \"p\", \"task\": \"f\", \"outputs\": [],"
                        + " \"hard_timeout_seconds\": 0.101}")));
    assertEquals(
        new GraphExecutionPolicy(4, 1, new GraphTimeoutPolicy(250, 1500)),
        job.graph().tasks().get(0).effectivePolicy());
    assertEquals(
        new GraphExecutionPolicy(0, 1, new GraphTimeoutPolicy(100, 101)),
        job.graph().tasks().get(1).effectivePolicy());
  }

  @Test
  void refusesTimeoutsOutsideUpstreamsRules() {
    String task = "{\"id\": \"a\", \"package\": \"p\", \"task\": \"f\", \"outputs\": [], ";
    assertEquals(
        "task 'a' has soft_timeout_seconds 1 and hard_timeout_seconds 1: upstream needs the soft"
            + " timeout strictly below the hard one (in whole milliseconds); lower"
            + " soft_timeout_seconds or remove it",
        refused(file("", task + "\"hard_timeout_seconds\": 1, \"soft_timeout_seconds\": 1}"))
            .problem());
    assertEquals(
        "task 'a' has soft_timeout_seconds 0.05, below upstream's minimum of 0.1; raise it or"
            + " remove it",
        refused(file("", task + "\"hard_timeout_seconds\": 1, \"soft_timeout_seconds\": 0.05}"))
            .problem());
    assertEquals(
        "task 'a' has hard_timeout_seconds 86400.5, above upstream's maximum of 86400 (24 h);"
            + " lower it",
        refused(file("", task + "\"hard_timeout_seconds\": 86400.5}")).problem());
    assertEquals(
        "task 'a' has hard_timeout_seconds 0.1, below upstream's minimum of 0.101 (its soft"
            + " timeout must be at least 0.1 s and below the hard one); raise it",
        refused(file("", task + "\"hard_timeout_seconds\": 0.1}")).problem());
    assertEquals(
        "the commit task has hard_timeout_seconds 0.05, below upstream's minimum of 0.101 (its"
            + " soft timeout must be at least 0.1 s and below the hard one); raise it",
        refused(
                file(
                    "\"commit\": {\"package\": \"p\", \"task\": \"c\", \"hard_timeout_seconds\":"
                        + " 0.05}",
                    "{\"id\": \"a\", \"package\": \"p\", \"task\": \"f\", \"outputs\": []}"))
            .problem());
  }
}
