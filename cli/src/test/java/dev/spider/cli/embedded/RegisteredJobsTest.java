package dev.spider.cli.embedded;

import static dev.spider.cli.embedded.EmbeddedClusterTest.ref;
import static dev.spider.cli.embedded.FakeManager.INT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.embedded.FakeManager.Attempt;
import dev.spider.cli.job.ExecutionPolicy;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.OutputDeclaration;
import dev.spider.cli.job.Payload;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TerminationTask;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.TaskFunction;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import dev.spider.tdl.wire.WireFormat;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the head needs of the embedded cluster beyond {@code spider run}: jobs registered under a
 * resource group and started later, payload inputs, outputs declared by count only, and a job's
 * outputs and error on request.
 */
final class RegisteredJobsTest {

  private static final String PKG = "integration_test_tasks";
  private static final ResourceGroupId GROUP = new ResourceGroupId(5);

  private final EmbeddedCluster cluster = new EmbeddedCluster();

  private static TaskSpec counted(String id, String function, int outputs, Payload... inputs) {
    return new TaskSpec(
        id,
        new TaskFunction(PKG, function),
        List.of(inputs),
        new OutputDeclaration.Described(java.util.Collections.nCopies(outputs, "Value(Int64)")),
        ExecutionPolicy.DEFAULT);
  }

  @Test
  void aRegisteredJobRunsNothingUntilStartedAndStartsOnce() throws Exception {
    JobId job = cluster.register(JobSpec.of("later", List.of(TaskSpec.of("a", PKG, "one"))), GROUP);
    FakeManager manager = new FakeManager(cluster);
    assertEquals(JobState.REGISTERED, cluster.state(job));
    assertTrue(manager.take().isEmpty());

    cluster.start(job);
    assertEquals(JobState.RUNNING, cluster.state(job));
    JobStateException again = assertThrows(JobStateException.class, () -> cluster.start(job));
    assertEquals(JobState.RUNNING, again.state());
    assertEquals(EnumSet.of(JobState.REGISTERED), again.expected());
    assertEquals(
        "cannot start job 1: it is running, and that needs it registered", again.getMessage());

    Attempt a = manager.takeOne();
    assertEquals(GROUP, a.assignment().resourceGroupId(), "assignments carry the job's group");
  }

  @Test
  void cancellingARegisteredJobRunsItsCleanupTask() throws Exception {
    JobId job =
        cluster.register(
            JobSpec.of("never started", List.of(TaskSpec.of("a", PKG, "one")))
                .withCleanup(TerminationTask.of(PKG, "cleanup")),
            GROUP);
    assertTrue(cluster.cancel(job));
    assertEquals(JobState.CLEANING_UP, cluster.state(job));
    FakeManager manager = new FakeManager(cluster);
    manager.succeed(manager.takeOne());
    assertEquals(JobState.CANCELLED, cluster.state(job));
    assertEquals("cancelled", cluster.error(job));
  }

  @Test
  void payloadsReachTheTaskAsGivenAndCountedOutputsAreCheckedByCountOnly() throws Exception {
    byte[] anything = {(byte) 0xa1, 'x'};
    JobId job =
        cluster.submit(
            JobSpec.of(
                "counted",
                List.of(
                    counted("0", "pair", 2, new Payload(anything)),
                    TaskSpec.of("1", PKG, "use", ref("0", 1)))));
    FakeManager manager = new FakeManager(cluster);
    Attempt pair = manager.takeOne();
    assertArrayEquals(WireFormat.encode(List.of(anything)), pair.context().serializedInputs());

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> manager.succeed(pair, INT64.encode(1L)));
    assertTrue(
        e.getMessage()
            .contains(
                "task '0' (integration_test_tasks::pair) declares 2 output(s) [Value(Int64),"
                    + " Value(Int64)] but returned 1"),
        e.getMessage());
    byte[] notAnInt = {(byte) 0xc2}; // false: values are not checked against descriptors
    manager.succeed(pair, INT64.encode(1L), notAnInt);
    Attempt use = manager.takeOne();
    assertArrayEquals(notAnInt, WireFormat.decode(use.context().serializedInputs()).get(0));
    manager.succeed(use);
    assertEquals(JobState.SUCCEEDED, cluster.state(job));
  }

  @Test
  void outputsAndErrorAreAnsweredOnlyInTheirStates() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of(
                "one", List.of(counted("0", "fibonacci", 1, new Payload(INT64.encode(10L))))));
    JobStateException early =
        assertThrows(JobStateException.class, () -> cluster.serializedOutputs(job));
    assertEquals(EnumSet.of(JobState.SUCCEEDED), early.expected());
    assertThrows(JobStateException.class, () -> cluster.error(job));

    FakeManager manager = new FakeManager(cluster);
    manager.succeed(manager.takeOne(), INT64.encode(55L));
    List<byte[]> outputs = SerializedTaskOutputs.decode(cluster.serializedOutputs(job));
    assertEquals(List.of(55L), List.of(INT64.decode(outputs.get(0))));
    JobStateException noError = assertThrows(JobStateException.class, () -> cluster.error(job));
    assertEquals(EnumSet.of(JobState.FAILED, JobState.CANCELLED), noError.expected());
  }

  @Test
  void aJobWithoutOutputsAnswersAnEmptyBuffer() throws Exception {
    JobId job = cluster.submit(JobSpec.of("none", List.of(counted("0", "check", 0))));
    FakeManager manager = new FakeManager(cluster);
    manager.succeed(manager.takeOne());
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0}, cluster.serializedOutputs(job));
    assertEquals(Optional.empty(), cluster.result(job).failure());
  }
}
