package dev.spider.cli.head;

import static dev.spider.cli.head.HeadFixture.int64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.graph.ZstdFrames;
import dev.spider.cli.job.ExecutionPolicy;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.OutputDeclaration;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.Payload;
import dev.spider.cli.job.TaskSpec;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.TaskFunction;
import dev.spider.manager.client.TimeoutPolicy;
import dev.spider.tdl.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a {@code RegisterJob} request becomes a job of the embedded cluster, and what it refuses. */
final class JobSubmissionsTest {

  private static final ResourceGroupId GROUP = new ResourceGroupId(3);

  private static JobSpec decode(String graph, List<byte[]> inputs)
      throws InvalidSubmissionException {
    return JobSubmissions.decode(
        ZstdFrames.compress(graph.getBytes(StandardCharsets.UTF_8)),
        ZstdFrames.compress(WireFormat.encode(inputs)),
        GROUP);
  }

  @Test
  void tasksKeepTheirIndexAsIdRootsTakeTheJobInputsAndTheRestTheirSources() throws Exception {
    JobSpec job = decode(Graphs.diamond(), List.of(int64(2), int64(3)));
    assertEquals("task graph of resource group 3", job.name());
    assertEquals(List.of("0", "1", "2"), job.tasks().stream().map(TaskSpec::id).toList());

    TaskSpec a = job.tasks().get(0);
    assertEquals(new TaskFunction(HeadFixture.PKG, "a"), a.function());
    assertEquals(List.of(new Payload(int64(2))), a.inputs());
    assertEquals(List.of(new Payload(int64(3))), job.tasks().get(1).inputs());
    assertEquals(
        List.of(new OutputRef("0", 0), new OutputRef("1", 0)), job.tasks().get(2).inputs());
    assertEquals(new OutputDeclaration.Described(List.of("Value(Int64)")), a.outputs());
    assertEquals(Optional.empty(), a.outputTypes(), "descriptors are not TDL types");
    assertEquals(List.of("2"), job.outputTasks(), "the job's outputs: tasks without children");
    assertEquals(
        new ExecutionPolicy(TimeoutPolicy.of(Duration.ofSeconds(150), Duration.ofSeconds(300)), 0),
        a.policy(),
        "upstream's default policy");
    assertTrue(job.commit().isEmpty() && job.cleanup().isEmpty());
  }

  @Test
  void policiesAndTerminationTasksAreKept() throws Exception {
    JobSpec job = decode(Graphs.single("one", 4, 2), List.of(int64(1)));
    assertEquals(
        new ExecutionPolicy(TimeoutPolicy.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), 4),
        job.tasks().get(0).policy());
    assertEquals(2, job.tasks().get(0).outputs().count().getAsInt());
    assertEquals(
        new TaskFunction(HeadFixture.PKG, "commit"), job.commit().orElseThrow().function());
    assertEquals(
        new TaskFunction(HeadFixture.PKG, "cleanup"), job.cleanup().orElseThrow().function());
  }

  @Test
  void inputValuesArePassedThroughUnchecked() throws Exception {
    byte[] notAnInt = {(byte) 0xc3}; // true, declared Int64
    JobSpec job = decode(Graphs.single("one", 0, 1), List.of(notAnInt));
    assertArrayEquals(notAnInt, ((Payload) job.tasks().get(0).inputs().get(0)).msgpack());
  }

  @Test
  void badPayloadsAreRefusedNamingThePayload() {
    byte[] graph = ZstdFrames.compress(Graphs.single("one", 0, 1).getBytes(StandardCharsets.UTF_8));
    InvalidSubmissionException notZstd =
        assertThrows(
            InvalidSubmissionException.class,
            () -> JobSubmissions.decode(graph, new byte[] {1, 2, 3}, GROUP));
    assertTrue(
        notZstd.getMessage().startsWith("compressed_serialized_inputs: "), notZstd.getMessage());

    InvalidSubmissionException tooMany =
        assertThrows(
            InvalidSubmissionException.class,
            () -> decode(Graphs.single("one", 0, 1), List.of(int64(1), int64(2))));
    assertTrue(
        tooMany.getMessage().contains("take 1 input(s) in all, but 2 were given"),
        tooMany.getMessage());

    InvalidSubmissionException badGraph =
        assertThrows(
            InvalidSubmissionException.class,
            () -> decode("{\"schema_version\": \"0.1.0\", \"tasks\": []}", List.of()));
    assertTrue(
        badGraph.getMessage().startsWith("compressed_serialized_task_graph: invalid task graph"),
        badGraph.getMessage());
  }
}
