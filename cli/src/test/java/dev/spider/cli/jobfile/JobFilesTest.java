package dev.spider.cli.jobfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.embedded.EmbeddedCluster;
import dev.spider.cli.embedded.FakeManager;
import dev.spider.cli.job.ExecutionPolicy;
import dev.spider.cli.job.FailurePolicy;
import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.Literal;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.types.TdlType;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.TaskFunction;
import dev.spider.manager.client.TimeoutPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job files: what a valid one means, and that every problem names the file, the line and column of
 * the offending text (checked against where that text is), and how to fix it.
 */
final class JobFilesTest {

  private static final String SOURCE = "jobs/test.json";

  /** A valid job file, the example of docs/job-files.md in spirit. */
  private static final String VALID =
      """
      {
        "name": "example",
        "on_failure": "continue_independent",
        "tasks": [
          {"id": "a", "package": "integration_test_tasks", "task": "fibonacci",
           "inputs": [{"type": "int64", "value": 10}], "outputs": ["int64"]},
          {"id": "b", "package": "integration_test_tasks", "task": "add",
           "inputs": [{"ref": "a", "output": 0}, {"ref": "a"}],
           "max_retries": 2, "hard_timeout_seconds": 1.5, "soft_timeout_seconds": 0.5}
        ],
        "job_outputs": [{"ref": "b", "output": 0}],
        "commit": {"package": "integration_test_tasks", "task": "context_ids", "max_retries": 1},
        "cleanup": {"package": "integration_test_tasks", "task": "context_ids"}
      }
      """;

  /** Where {@code needle} first occurs in {@code text}: 1-based line and column. */
  private static int[] placeOf(String text, String needle) {
    int offset = text.indexOf(needle);
    if (offset < 0) {
      throw new AssertionError("test bug: no " + needle + " in the text");
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }

  /**
   * Parses {@code text}, expecting a problem at {@code needle} whose message contains {@code what}.
   */
  private static JobFileException refused(String text, String needle, String what) {
    JobFileException e = assertThrows(JobFileException.class, () -> JobFiles.parse(SOURCE, text));
    int[] place = placeOf(text, needle);
    assertEquals(SOURCE, e.source());
    assertEquals(
        place[0] + ":" + place[1],
        e.line() + ":" + e.column(),
        "place of " + needle + ": " + e.getMessage());
    assertTrue(e.problem().contains(what), e.getMessage());
    assertEquals(SOURCE + ":" + e.line() + ":" + e.column() + ": " + e.problem(), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  @Test
  void aValidFileDescribesTheJob() throws Exception {
    JobSpec job = JobFiles.parse(SOURCE, VALID);

    assertEquals("example", job.name());
    assertEquals(FailurePolicy.CONTINUE_INDEPENDENT, job.failurePolicy());
    assertEquals(List.of("a", "b"), job.tasks().stream().map(TaskSpec::id).toList());
    TaskSpec a = job.tasks().get(0);
    assertEquals(new TaskFunction("integration_test_tasks", "fibonacci"), a.function());
    assertArrayEquals(HexFormat.of().parseHex("0a"), ((Literal) a.inputs().get(0)).msgpack());
    assertEquals(Optional.of(List.of(TdlType.Scalar.INT64)), a.outputTypes());
    assertEquals(ExecutionPolicy.DEFAULT, a.policy());
    TaskSpec b = job.tasks().get(1);
    assertEquals(List.of(new OutputRef("a", 0), new OutputRef("a", 0)), b.inputs());
    assertEquals(
        new ExecutionPolicy(TimeoutPolicy.of(Duration.ofMillis(500), Duration.ofMillis(1500)), 2),
        b.policy());
    assertEquals(Optional.of(List.of(new OutputRef("b", 0))), job.jobOutputs());
    assertEquals(1, job.commit().orElseThrow().policy().maxRetries());
    assertEquals("context_ids", job.cleanup().orElseThrow().function().taskName());
  }

  @Test
  void theDefaultsAreFailFastNoRetriesAndTheFileNameAsName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("minimal.json");
    Files.writeString(file, "{\"tasks\": [{\"id\": \"a\", \"package\": \"p\", \"task\": \"t\"}]}");
    JobSpec job = JobFiles.parse(file);
    assertEquals("minimal", job.name());
    assertEquals(FailurePolicy.FAIL_FAST, job.failurePolicy());
    assertEquals(List.of(), job.tasks().get(0).inputs());
    assertEquals(ExecutionPolicy.DEFAULT, job.tasks().get(0).policy());
    assertEquals(Optional.empty(), job.commit());
  }

  @Test
  void theBundledDemoJobsParse() throws Exception {
    JobSpec fanout = JobFiles.bundled("fanout.json");
    assertEquals(7, fanout.tasks().size());
    assertEquals(List.of("total"), fanout.outputTasks());
    assertEquals("context_ids", fanout.commit().orElseThrow().function().taskName());

    JobSpec failures = JobFiles.bundled("failures.json");
    assertEquals(FailurePolicy.CONTINUE_INDEPENDENT, failures.failurePolicy());
    TaskSpec crash = failures.tasks().get(failures.indexOf("crash"));
    assertEquals("crash_once", crash.function().taskName());
    assertEquals(2, crash.policy().maxRetries());
    TaskSpec timeout = failures.tasks().get(failures.indexOf("timeout"));
    assertEquals(Duration.ofSeconds(1), timeout.policy().timeouts().hard());
    assertEquals(
        "always_fail",
        failures.tasks().get(failures.indexOf("deterministic")).function().taskName());
    assertTrue(failures.cleanup().isPresent());
    assertThrows(IllegalArgumentException.class, () -> JobFiles.bundled("nope.json"));
  }

  @Test
  void theExampleOfTheDocumentationRunsAsItSays() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "job-files.md"));
    int start = doc.indexOf("```json\n") + "```json\n".length();
    JobSpec job =
        JobFiles.parse("docs/job-files.md", doc.substring(start, doc.indexOf("```", start)));
    assertEquals(List.of("sum"), job.outputTasks());

    EmbeddedCluster cluster = new EmbeddedCluster();
    JobId id = cluster.submit(job);
    new FakeManager(cluster).runAll();
    JobResult result = cluster.result(id);
    assertEquals(JobState.SUCCEEDED, result.state());
    assertEquals(List.of(17711L), result.task("sum").orElseThrow().outputs().orElseThrow());
  }

  @Test
  void invalidJsonNamesWhereTheSyntaxBreaks() {
    String text = "{\n  \"tasks\": [\n    {\"id\": \"a\",}\n  ]\n}\n";
    refused(text, "}\n  ]", "invalid JSON");
  }

  @Test
  void anEmptyFileIsRefused() {
    JobFileException e = assertThrows(JobFileException.class, () -> JobFiles.parse(SOURCE, ""));
    assertTrue(e.problem().contains("the file is empty"), e.getMessage());
  }

  @Test
  void contentAfterTheJobObjectIsRefused() {
    refused("{\"tasks\": []}\n{\"again\": 1}", "{\"again\"", "unexpected content after");
  }

  @Test
  void aDuplicateKeyIsRefusedWhereItRepeats() {
    String text =
        "{\"tasks\": [{\"id\": \"a\", \"package\": \"p\", \"task\": \"t\", \"task\": \"u\"}]}";
    JobFileException e = assertThrows(JobFileException.class, () -> JobFiles.parse(SOURCE, text));
    assertTrue(e.problem().startsWith("duplicate field 'task'"), e.getMessage());
    assertTrue(e.problem().endsWith("remove one"), e.getMessage());
    assertEquals(1, e.line());
    assertTrue(
        e.column() > text.indexOf("\"task\": \"t\""), "at the second \"task\": " + e.getMessage());
  }

  @Test
  void anUnknownFieldIsRefusedWithASuggestion() {
    String text =
        """
        {"tasks": [
          {"id": "a", "package": "p", "task": "t",
           "inptus": []}
        ]}
        """;
    JobFileException e = refused(text, "\"inptus\"", "unknown field \"inptus\" in task 'a'");
    assertTrue(e.problem().contains("did you mean \"inputs\"?"), e.getMessage());
  }

  @Test
  void aMissingRequiredFieldIsRefusedAtItsObject() {
    refused(
        "{\"tasks\": [\n  {\"id\": \"a\", \"task\": \"t\"}\n]}",
        "{\"id\"",
        "has no \"package\" field");
  }

  @Test
  void aDuplicateTaskIdIsRefusedAtTheSecondOne() {
    String text =
        """
        {"tasks": [
          {"id": "a", "package": "p", "task": "t"},
          {"id": "b", "package": "p", "task": "t"},
          {"id": "a", "package": "p", "task": "u"}
        ]}
        """;
    refused(text, "\"a\", \"package\": \"p\", \"task\": \"u\"", "duplicate task id 'a'");
  }

  @Test
  void aReferenceToAnUnknownTaskIsRefused() {
    String text =
        """
        {"tasks": [
          {"id": "a", "package": "p", "task": "t"},
          {"id": "b", "package": "p", "task": "t", "inputs": [{"ref": "c"}]}
        ]}
        """;
    refused(text, "\"c\"", "input 0 of task 'b' references unknown task 'c'; known tasks: a, b");
  }

  @Test
  void aReferenceBeyondTheDeclaredOutputsIsRefused() {
    String text =
        """
        {"tasks": [
          {"id": "a", "package": "p", "task": "t", "outputs": ["int64"]},
          {"id": "b", "package": "p", "task": "t", "inputs": [{"ref": "a", "output": 1}]}
        ]}
        """;
    refused(
        text, "1}]", "references output 1 of task 'a', which declares 1 output (indexes 0 to 0)");
  }

  @Test
  void aJobOutputToAnUnknownTaskIsRefused() {
    String text =
        """
        {"tasks": [{"id": "a", "package": "p", "task": "t"}],
         "job_outputs": [{"ref": "a"}, {"ref": "zz"}]}
        """;
    refused(text, "\"zz\"", "job output 1 references unknown task 'zz'");
  }

  @Test
  void aCycleIsRefusedAtTheReferenceClosingIt() {
    String text =
        """
        {"tasks": [
          {"id": "a", "package": "p", "task": "t", "inputs": [{"ref": "c"}]},
          {"id": "b", "package": "p", "task": "t", "inputs": [{"ref": "a"}]},
          {"id": "c", "package": "p", "task": "t", "inputs": [{"ref": "b"}]}
        ]}
        """;
    // The search starts at a, follows a -> c -> b, and b's reference to a closes the cycle.
    refused(text, "\"a\"}]}", "input 0 of task 'b' closes a cycle (b -> c -> a -> b)");
  }

  @Test
  void aTaskReferencingItselfIsACycle() {
    String text =
        "{\"tasks\": [{\"id\": \"a\", \"package\": \"p\", \"task\": \"t\", \"inputs\": [{\"ref\":"
            + " \"a\"}]}]}";
    refused(text, "\"a\"}", "closes a cycle (a -> a)");
  }

  @Test
  void anUnknownTypeIsRefused() {
    String text =
        """
        {"tasks": [{"id": "a", "package": "p", "task": "t",
                    "inputs": [{"type": "int", "value": 1}]}]}
        """;
    refused(text, "\"int\"", "unknown type 'int'");
  }

  @Test
  void aValueNotOfItsTypeIsRefusedAtTheOffendingElement() {
    String text =
        """
        {"tasks": [{"id": "a", "package": "p", "task": "t",
                    "inputs": [{"type": "list<int8>",
                                "value": [1, 2,
                                          300]}]}]}
        """;
    refused(
        text,
        "300",
        "the value of input 0 of task 'a' does not fit its type list<int8>: 300 is out of range");
  }

  @Test
  void anInputCannotBeBothALiteralAndAReference() {
    String text =
        "{\"tasks\": [{\"id\": \"a\", \"package\": \"p\", \"task\": \"t\","
            + " \"inputs\": [{\"ref\": \"a\", \"value\": 1}]}]}";
    refused(text, "\"value\"", "not both");
  }

  @Test
  void aSoftTimeoutAfterTheHardOneIsRefused() {
    String text =
        "{\"tasks\": [{\"id\": \"a\", \"package\": \"p\", \"task\": \"t\","
            + " \"soft_timeout_seconds\": 90}]}";
    refused(text, "90", "is after its hard timeout (60 s, the default)");
  }

  @Test
  void badNumbersAreRefused() {
    String retries =
        "{\"tasks\": [{\"id\": \"a\", \"package\": \"p\", \"task\": \"t\", \"max_retries\": -1}]}";
    refused(retries, "-1", "\"max_retries\" of task 'a' must be an integer >= 0");
    String timeout =
        "{\"tasks\": [{\"id\": \"a\", \"package\": \"p\", \"task\": \"t\","
            + " \"hard_timeout_seconds\": \"5s\"}]}";
    refused(timeout, "\"5s\"", "must be a number of seconds > 0");
  }

  @Test
  void theCommitTaskTakesNoInputs() {
    String text =
        """
        {"tasks": [{"id": "a", "package": "p", "task": "t"}],
         "commit": {"package": "p", "task": "c", "inputs": []}}
        """;
    refused(text, "\"inputs\": []}}", "the commit task takes no inputs");
  }

  @Test
  void reservedIdsBadPackageNamesAndPoliciesAreRefused() {
    refused(
        "{\"tasks\": [{\"id\": \"commit\", \"package\": \"p\", \"task\": \"t\"}]}",
        "\"commit\"",
        "reserved");
    refused(
        "{\"tasks\": [{\"id\": \"a\", \"package\": \"../p\", \"task\": \"t\"}]}",
        "\"../p\"",
        "package name \"../p\" must be");
    refused(
        "{\"on_failure\": \"ignore\", \"tasks\": [{\"id\": \"a\", \"package\": \"p\", \"task\":"
            + " \"t\"}]}",
        "\"ignore\"",
        "unknown failure policy \"ignore\"");
    refused("{\"tasks\": []}", "[]", "\"tasks\" must be a non-empty array");
    refused("[1]", "[1]", "a job file holds one JSON object");
  }

  @Test
  void fileProblemsNameThePath(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.json");
    JobFileException e = assertThrows(JobFileException.class, () -> JobFiles.parse(missing));
    assertEquals(missing + ": no such file; check the path", e.getMessage());
    assertEquals(0, e.line());

    Path latin1 = dir.resolve("latin1.json");
    Files.write(latin1, new byte[] {'{', '"', (byte) 0xe9, '"', '}'});
    JobFileException notUtf8 = assertThrows(JobFileException.class, () -> JobFiles.parse(latin1));
    assertTrue(notUtf8.getMessage().startsWith(latin1 + ": not UTF-8"), notUtf8.getMessage());

    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\n  \"tasks\": 5\n}\n");
    JobFileException located = assertThrows(JobFileException.class, () -> JobFiles.parse(broken));
    assertEquals(
        broken + ":2:12: \"tasks\" must be a non-empty array of task objects, found the number 5",
        located.getMessage());
  }
}
